package dev.rollrun.core.plugin;

import dev.rollrun.api.ApiVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginStatusProvider;
import org.pf4j.util.FileUtils;

/**
 * PF4J's plugin manager as rollrun uses it: plugins are loaded one path at a time by {@link
 * PluginHost} (never by scanning a folder of PF4J's choosing), the system version is rollrun's API
 * version, no plugin is disabled by a file in the working directory, and rollrun's API classes
 * always come from rollrun.
 */
final class RollrunPluginManager extends DefaultPluginManager {

  RollrunPluginManager() {
    super(List.of());
    setSystemVersion(ApiVersion.current());
  }

  /** The descriptor of the plugin at {@code path}, read without loading it. */
  PluginDescriptor descriptorOf(Path path) {
    PluginDescriptorFinder finder = getPluginDescriptorFinder();
    return finder.find(path);
  }

  /** Whether {@code requires} (a {@code Plugin-Requires} range) holds this rollrun's API. */
  boolean apiSatisfies(String requires) {
    String range = requires == null ? "" : requires.strip();
    if (range.isEmpty() || range.equals("*")) {
      return true;
    }
    if (range.matches("^\\d+\\.\\d+\\.\\d+$")) {
      range = ">=" + range;
    }
    return getVersionManager().checkVersionConstraint(getSystemVersion(), range);
  }

  @Override
  protected PluginRepository createPluginRepository() {
    return new PluginRepository() {
      @Override
      public List<Path> getPluginPaths() {
        return List.of();
      }

      @Override
      public boolean deletePluginPath(Path pluginPath) {
        return false;
      }
    };
  }

  @Override
  protected PluginStatusProvider createPluginStatusProvider() {
    return new PluginStatusProvider() {
      @Override
      public boolean isPluginDisabled(String pluginId) {
        return false;
      }

      @Override
      public void disablePlugin(String pluginId) {
        throw new UnsupportedOperationException("plugins are not disabled by rollrun");
      }

      @Override
      public void enablePlugin(String pluginId) {
        // every plugin is enabled
      }
    };
  }

  @Override
  protected PluginLoader createPluginLoader() {
    return new PluginLoader() {
      /** A plugin jar, or a directory of compiled classes as a build leaves it. */
      @Override
      public boolean isApplicable(Path pluginPath) {
        return Files.isDirectory(pluginPath)
            || Files.isRegularFile(pluginPath) && FileUtils.isJarFile(pluginPath);
      }

      @Override
      public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
        PluginClassLoader loader =
            new ApiFirstClassLoader(
                RollrunPluginManager.this, descriptor, RollrunPluginManager.class.getClassLoader());
        loader.addFile(pluginPath.toFile());
        return loader;
      }
    };
  }
}
