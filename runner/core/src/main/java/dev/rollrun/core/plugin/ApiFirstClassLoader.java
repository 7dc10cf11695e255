package dev.rollrun.core.plugin;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: the plugin's own classes first (its libraries may differ from
 * rollrun's), except rollrun's API, which always comes from rollrun. A plugin jar that bundles the
 * API by mistake then still works: its extensions implement rollrun's {@code ClusterBehaviour}, not
 * a copy of it that rollrun would not recognise.
 */
final class ApiFirstClassLoader extends PluginClassLoader {

  private static final String API = "dev.rollrun.api.";

  ApiFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
    super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
  }

  @Override
  public Class<?> loadClass(String className) throws ClassNotFoundException {
    if (className.startsWith(API)) {
      return getParent().loadClass(className);
    }
    return super.loadClass(className);
  }
}
