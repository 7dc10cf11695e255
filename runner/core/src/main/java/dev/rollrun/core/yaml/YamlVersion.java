package dev.rollrun.core.yaml;

/**
 * Which YAML a file is read as. rollrun's own files (playbooks, rollrun inventories, step and
 * secrets files) are YAML 1.2 with the core schema: {@code yes} is text, {@code 0755} is 755. An
 * Ansible inventory and its {@code group_vars}/{@code host_vars} are read as Ansible reads them,
 * with PyYAML's YAML 1.1: {@code yes}/{@code no}/{@code on}/{@code off} are booleans, {@code 0755}
 * is octal, {@code 1_000} is 1000, {@code 1:30} is 90, and {@code <<: *anchor} merges a mapping.
 */
public enum YamlVersion {
  /** YAML 1.2, core schema: rollrun's own files. */
  YAML_1_2,
  /** YAML 1.1 as PyYAML resolves it, with merge keys: Ansible's files. */
  YAML_1_1
}
