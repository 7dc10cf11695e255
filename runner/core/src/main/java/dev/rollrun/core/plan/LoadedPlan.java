package dev.rollrun.core.plan;

import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.inventory.Inventory;

/** A playbook, the inventory it rolls and the plan made from them. */
public record LoadedPlan(Playbook playbook, Inventory inventory, RolloutPlan plan) {}
