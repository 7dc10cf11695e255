package dev.rollrun.core.plugin;

import java.nio.file.Path;

/**
 * Where plugins come from: a folder whose {@code *.jar} files (directly in it, not below) are each
 * a plugin, or one plugin given by path (a jar, or a directory of compiled classes holding {@code
 * plugin.properties}).
 *
 * @param path the folder or the plugin
 * @param folder true for a folder of jars
 * @param origin how {@code rollrun plugins} names where it came from: {@code distribution}, {@code
 *     --plugins}, {@code ~/.rollrun/plugins}, ...
 */
public record PluginSource(Path path, boolean folder, String origin) {

  public static PluginSource folder(Path path, String origin) {
    return new PluginSource(path, true, origin);
  }

  public static PluginSource plugin(Path path, String origin) {
    return new PluginSource(path, false, origin);
  }
}
