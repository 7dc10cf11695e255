package dev.rollrun.core.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Loads private key files (OpenSSH and PEM formats, unencrypted) for one server. A key that needs a
 * passphrase is never prompted for: it is skipped with the advice to put it into ssh-agent.
 */
final class IdentityFiles {

  /**
   * @param keys the usable keys, in file order
   * @param labels fingerprint to how the key is shown to the operator (its file)
   * @param skipped files that could not be used, each with why
   * @param publicKeys the public keys of every file, usable or not (from its {@code .pub} file for
   *     a key behind a passphrase): which of an agent's keys {@code IdentitiesOnly} allows
   */
  record Loaded(
      List<KeyPair> keys,
      Map<String, String> labels,
      List<String> skipped,
      List<PublicKey> publicKeys) {

    Loaded(List<KeyPair> keys, Map<String, String> labels, List<String> skipped) {
      this(keys, labels, skipped, keys.stream().map(KeyPair::getPublic).toList());
    }
  }

  private IdentityFiles() {}

  static Loaded load(List<Path> files, Path home) {
    List<KeyPair> keys = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    List<PublicKey> publicKeys = new ArrayList<>();
    for (Path file : files) {
      int before = keys.size();
      String shown = Commands.displayPath(file, home);
      try (InputStream in = Files.newInputStream(file)) {
        Iterable<KeyPair> loaded =
            SecurityUtils.loadKeyPairIdentities(
                null, new PathResource(file), in, NeverAskForPassphrase.INSTANCE);
        if (loaded == null) {
          skipped.add(shown + " (no private key in it)");
        } else {
          for (KeyPair kp : loaded) {
            keys.add(kp);
            labels.putIfAbsent(
                KeyNames.fingerprint(kp.getPublic()),
                shown + " (" + KeyNames.describe(kp.getPublic()) + ")");
          }
        }
      } catch (PassphraseNeededException e) {
        skipped.add(
            shown + " (passphrase-protected: load it into ssh-agent with: ssh-add " + shown + ")");
      } catch (NoSuchFileException e) {
        skipped.add(shown + " (no such file)");
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        skipped.add(shown + " (cannot use it: " + e.getMessage() + ")");
      }
      if (keys.size() > before) {
        keys.subList(before, keys.size()).forEach(k -> publicKeys.add(k.getPublic()));
      } else {
        publicKeys.addAll(publicKeysBeside(file));
      }
    }
    return new Loaded(
        List.copyOf(keys), Map.copyOf(labels), List.copyOf(skipped), List.copyOf(publicKeys));
  }

  /** The keys of {@code <file>.pub}, if there is one. */
  private static List<PublicKey> publicKeysBeside(Path file) {
    Path pub = file.resolveSibling(file.getFileName() + ".pub");
    List<PublicKey> found = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(pub)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        PublicKey key =
            PublicKeyEntry.parsePublicKeyEntry(line.strip())
                .resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
        if (key != null) {
          found.add(key);
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // no usable .pub file: the key cannot be matched with an agent's
    }
    return found;
  }

  private static final class PassphraseNeededException extends IOException {
    PassphraseNeededException() {
      super("passphrase needed");
    }
  }

  private enum NeverAskForPassphrase implements FilePasswordProvider {
    INSTANCE;

    @Override
    public String getPassword(
        org.apache.sshd.common.session.SessionContext session,
        org.apache.sshd.common.NamedResource resourceKey,
        int retryIndex)
        throws IOException {
      throw new PassphraseNeededException();
    }
  }
}
