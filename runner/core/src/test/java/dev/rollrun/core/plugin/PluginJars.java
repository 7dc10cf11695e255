package dev.rollrun.core.plugin;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Real plugin jars, made at test time as a plugin author makes them: Java sources compiled by the
 * running JDK's javac against the rollrun API alone (and PF4J, which it brings), PF4J's annotation
 * processor named explicitly (javac 23+ runs none otherwise) writing {@code
 * META-INF/extensions.idx}, the PF4J manifest, all in a jar.
 *
 * <pre>
 * Path jar = PluginJars.plugin("check-version", "1.0.0")
 *     .source("com.example.CheckVersion", "package com.example; ...")
 *     .writeTo(pluginsDir);
 * </pre>
 */
public final class PluginJars {

  private final Map<String, String> manifest = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();
  private boolean annotationProcessing = true;
  private boolean bundleApi;
  private String jarName;

  private PluginJars() {}

  /** A plugin with this id and version, for the rollrun API it is built against. */
  public static PluginJars plugin(String id, String version) {
    PluginJars jar = new PluginJars();
    jar.manifest.put("Plugin-Id", id);
    jar.manifest.put("Plugin-Version", version);
    jar.manifest.put("Plugin-Requires", ">=0.1.0 & <0.2.0");
    jar.jarName = id + "-" + version + ".jar";
    return jar;
  }

  /** A jar with a manifest but no PF4J descriptor: not a plugin. */
  public static PluginJars plainJar(String name) {
    PluginJars jar = new PluginJars();
    jar.jarName = name;
    return jar;
  }

  /** A manifest entry, e.g. {@code Plugin-Class} or {@code Plugin-Requires}. */
  public PluginJars manifest(String key, String value) {
    manifest.put(key, value);
    return this;
  }

  /** A Java source of the plugin, by its class's fully qualified name. */
  public PluginJars source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /** A source file of this repository, compiled as is. */
  public PluginJars sourceFile(String className, Path file) {
    try {
      return source(className, Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compile without PF4J's annotation processor: the jar has no extension index. */
  public PluginJars withoutAnnotationProcessing() {
    annotationProcessing = false;
    return this;
  }

  /** Put the rollrun API's classes into the jar too: the trap of a shaded plugin. */
  public PluginJars bundlingTheApi() {
    bundleApi = true;
    return this;
  }

  public PluginJars named(String name) {
    jarName = name;
    return this;
  }

  /** Compiles and writes the jar into {@code dir}; returns its path. */
  public Path writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      Path classes = Files.createTempDirectory("plugin-classes");
      if (!sources.isEmpty()) {
        compile(classes);
      }
      Path jar = dir.resolve(jarName);
      Manifest mf = new Manifest();
      mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.forEach((k, v) -> mf.getMainAttributes().put(new Attributes.Name(k), v));
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file, mf)) {
        addTree(out, classes, false);
        if (bundleApi) {
          addTree(out, apiClasses(), true);
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void compile(Path classes) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach(
        (name, code) ->
            units.add(
                new SimpleJavaFileObject(
                    URI.create("string:///" + name.replace('.', '/') + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                  @Override
                  public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                  }
                }));
    List<String> options = new ArrayList<>();
    options.addAll(List.of("--release", "17", "-d", classes.toString()));
    options.addAll(List.of("-classpath", apiClassPath()));
    if (annotationProcessing) {
      options.addAll(List.of("-processor", "org.pf4j.processor.ExtensionAnnotationProcessor"));
    } else {
      options.add("-proc:none");
    }
    StringWriter messages = new StringWriter();
    boolean ok = javac.getTask(messages, null, null, options, null, units).call();
    if (!ok) {
      throw new IllegalStateException("the plugin does not compile:\n" + messages);
    }
  }

  /**
   * The class path a plugin author compiles against: the rollrun API and PF4J, nothing else of
   * rollrun's.
   */
  static String apiClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String normalized = entry.replace('\\', '/');
      if (normalized.contains("rollrun-api")
          || normalized.contains("runner/api/target")
          || normalized.contains("/pf4j-")
          || normalized.contains("java-semver")
          || normalized.contains("slf4j-api")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The directory (or jar) holding the rollrun API's classes. */
  private static Path apiClasses() throws IOException {
    try {
      Path location =
          Path.of(
              dev.rollrun.api.Task.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
      if (Files.isDirectory(location)) {
        return location;
      }
      Path unpacked = Files.createTempDirectory("rollrun-api");
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(location.toFile())) {
        for (JarEntry entry : java.util.Collections.list(jar.entries())) {
          if (entry.getName().endsWith(".class")) {
            Path target = unpacked.resolve(entry.getName());
            Files.createDirectories(target.getParent());
            Files.copy(jar.getInputStream(entry), target);
          }
        }
      }
      return unpacked;
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private static void addTree(JarOutputStream out, Path root, boolean classesOnly)
      throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = root.relativize(file).toString().replace('\\', '/');
        if (name.equals("META-INF/MANIFEST.MF") || classesOnly && !name.endsWith(".class")) {
          continue;
        }
        out.putNextEntry(new JarEntry(name));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }
}
