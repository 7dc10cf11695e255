package dev.rollrun.tests.fuzz;

import dev.rollrun.tests.fuzz.YamlTree.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Makes input {@code n} of a fuzz run from its seed alone: picks a {@link Bundle}, then applies one
 * to three mutations, each to one of its files (through its YAML tree, as text, or as random bytes)
 * or to its command line ({@code --limit}, {@code -e}, {@code -i}, a second playbook, a special
 * file where a file belongs). The same seed and number always make the same input.
 */
public final class CaseGenerator {

  private final List<Bundle> bundles;
  private final List<Bundle> valid;

  /** The files of the seeds, by identity, and the trees read from them so far. */
  private final Map<byte[], Boolean> seedBytes =
      Collections.synchronizedMap(new IdentityHashMap<>());

  private final Map<byte[], Optional<Node>> seedTrees =
      Collections.synchronizedMap(new IdentityHashMap<>());
  private final SpecialFiles special;

  public CaseGenerator(List<Bundle> bundles, SpecialFiles special) {
    if (bundles.isEmpty()) {
      throw new IllegalArgumentException("no seeds");
    }
    this.bundles = List.copyOf(bundles);
    for (Bundle bundle : this.bundles) {
      bundle.files().values().forEach(bytes -> seedBytes.put(bytes, Boolean.TRUE));
    }
    List<Bundle> examples = bundles.stream().filter(b -> !b.name().startsWith("broken/")).toList();
    this.valid = examples.isEmpty() ? this.bundles : examples;
    this.special = special;
  }

  public FuzzCase generate(long seed, int index) {
    Random random = new Random(seed * 0x9E3779B97F4A7C15L + index);
    // The valid examples reach deeper (inventories, templates, plans) than broken seeds: a third
    // of the inputs start from one of them.
    List<Bundle> from = random.nextInt(3) == 0 ? valid : bundles;
    Bundle bundle = from.get(random.nextInt(from.size()));
    Map<String, byte[]> files = new LinkedHashMap<>(bundle.files());
    List<String> args = new ArrayList<>(bundle.args());
    List<String> what = new ArrayList<>();
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      int choice = random.nextInt(100);
      if (choice < 62 || files.isEmpty()) {
        if (files.isEmpty()) {
          mutateArgs(random, bundle, files, args, what);
          continue;
        }
        String file = chooseFile(random, bundle, files);
        if (choice < 45) {
          files.put(file, mutateTree(random, file, files.get(file), what));
        } else if (choice < 58) {
          files.put(file, new TextMutator(random).mutate(files.get(file), prefixed(file, what)));
        } else {
          files.put(file, new TextMutator(random).randomBytes(prefixed(file, what)));
        }
      } else if (choice < 72) {
        specialFileArgument(random, args, what);
      } else {
        mutateArgs(random, bundle, files, args, what);
      }
    }
    return new FuzzCase(index, bundle.name(), files, args, what);
  }

  /** The playbook more often than any other file: it reaches every other part. */
  private static String chooseFile(Random random, Bundle bundle, Map<String, byte[]> files) {
    String playbook = bundle.playbook();
    if (playbook != null && files.containsKey(playbook) && random.nextInt(10) < 6) {
      return playbook;
    }
    List<String> names = new ArrayList<>(files.keySet());
    return names.get(random.nextInt(names.size()));
  }

  private byte[] mutateTree(Random random, String file, byte[] bytes, List<String> what) {
    // A file grown large by an earlier mutation is mutated as text: reading it back into a tree
    // would cost more than validating it.
    boolean yaml =
        (file.endsWith(".yml") || file.endsWith(".yaml") || file.endsWith(".json"))
            && bytes.length < 200_000;
    Optional<Node> tree = yaml ? parsed(bytes) : Optional.empty();
    if (tree.isEmpty()) {
      return new TextMutator(random).mutate(bytes, prefixed(file, what));
    }
    TreeMutator mutator =
        new TreeMutator(random, tree.get(), () -> otherTree(random), special.absolute());
    what.add(file + ": " + mutator.mutate());
    return new YamlEmitter(random).write(mutator.root()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The tree of a file's bytes, to mutate: a copy of the one read before when the bytes are a
   * seed's own (parsing every seed again for every input would cost as much as validating it).
   */
  private Optional<Node> parsed(byte[] bytes) {
    Optional<Node> tree = seedTrees.get(bytes);
    if (tree == null) {
      tree = YamlTree.parse(new String(bytes, StandardCharsets.UTF_8));
      if (seedBytes.containsKey(bytes)) {
        seedTrees.put(bytes, tree);
      }
    }
    return tree.map(YamlTree::copy);
  }

  /** Some YAML document of another seed, to graft from. */
  private Node otherTree(Random random) {
    for (int attempt = 0; attempt < 10; attempt++) {
      Bundle other = bundles.get(random.nextInt(bundles.size()));
      List<byte[]> contents = new ArrayList<>(other.files().values());
      if (contents.isEmpty()) {
        continue;
      }
      Optional<Node> tree = parsed(contents.get(random.nextInt(contents.size())));
      if (tree.isPresent()) {
        return tree.get();
      }
    }
    return YamlTree.Scalar.string("x");
  }

  /** A FIFO, a device, a directory... where the command line names a file. */
  private void specialFileArgument(Random random, List<String> args, List<String> what) {
    List<String> paths = new ArrayList<>(special.relative());
    paths.addAll(Nasty.SPECIAL_PATHS);
    String path = paths.get(random.nextInt(paths.size()));
    switch (random.nextInt(3)) {
      case 0 -> {
        int playbook = firstFileArgument(args);
        if (playbook >= 0) {
          args.set(playbook, path);
        } else {
          args.add(path);
        }
        what.add("playbook argument " + path);
      }
      case 1 -> {
        args.add("-i");
        args.add(path);
        what.add("-i " + path);
      }
      default -> {
        args.add("-e");
        args.add("@" + path);
        what.add("-e @" + path);
      }
    }
  }

  private void mutateArgs(
      Random random,
      Bundle bundle,
      Map<String, byte[]> files,
      List<String> args,
      List<String> what) {
    List<String> names = new ArrayList<>(files.keySet());
    String someFile =
        names.isEmpty() ? "none.yml" : Bundle.DIR + "/" + names.get(random.nextInt(names.size()));
    switch (random.nextInt(9)) {
      case 0 -> add(args, what, "--limit", limitValue(random));
      case 1 -> add(args, what, "-e", Nasty.string(random) + "=" + Nasty.string(random));
      case 2 -> add(args, what, "-e", random.nextBoolean() ? "=x" : Nasty.string(random));
      case 3 -> add(args, what, "-e", "@" + someFile);
      case 4 -> add(args, what, "-i", random.nextBoolean() ? someFile : Nasty.string(random));
      case 5 -> {
        args.add(someFile);
        what.add("another playbook argument " + someFile);
      }
      case 6 -> {
        int playbook = firstFileArgument(args);
        String nasty = Nasty.string(random);
        if (playbook >= 0) {
          args.set(playbook, random.nextBoolean() ? nasty : args.get(playbook) + nasty);
        } else {
          args.add(nasty);
        }
        what.add("playbook argument " + TreeMutator.abbreviate(nasty));
      }
      case 7 -> add(args, what, "-e", "@" + Nasty.string(random));
      default -> {
        String[] odd = {"--nope", "-e", "--limit", "-i", "--debug=x", "-x", "--", "-"};
        String arg = odd[random.nextInt(odd.length)];
        args.add(arg);
        what.add("argument " + arg);
      }
    }
  }

  private static String limitValue(Random random) {
    String[] hosts = {"web-1", "web", "db", "api-1", "h1", "web-1,web-2", ",", "web,", ",web"};
    return random.nextBoolean() ? hosts[random.nextInt(hosts.length)] : Nasty.string(random);
  }

  private static void add(List<String> args, List<String> what, String option, String value) {
    args.add(option);
    args.add(value);
    what.add(option + " " + TreeMutator.abbreviate(value));
  }

  private static int firstFileArgument(List<String> args) {
    for (int i = 1; i < args.size(); i++) {
      if (!args.get(i).startsWith("-") && !args.get(i - 1).matches("-i|--inventory|-e|--limit")) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> prefixed(String file, List<String> what) {
    return new java.util.AbstractList<>() {
      @Override
      public String get(int i) {
        return what.get(i);
      }

      @Override
      public int size() {
        return what.size();
      }

      @Override
      public boolean add(String s) {
        return what.add(file + ": " + s);
      }
    };
  }
}
