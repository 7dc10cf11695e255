package dev.rollrun.tests.kafka;

/**
 * Formats the storage of several KRaft nodes in one JVM ({@code kafka-storage.sh format} for each
 * configuration): {@code FormatStorage CLUSTER_ID server1.properties server2.properties ...}.
 */
public final class FormatStorage {

  private FormatStorage() {}

  public static void main(String[] args) {
    for (int i = 1; i < args.length; i++) {
      int status =
          kafka.tools.StorageTool.execute(
              new String[] {"format", "-t", args[0], "-c", args[i]}, System.out);
      if (status != 0) {
        System.err.println("formatting " + args[i] + " failed with status " + status);
        System.exit(status);
      }
    }
    System.exit(0);
  }
}
