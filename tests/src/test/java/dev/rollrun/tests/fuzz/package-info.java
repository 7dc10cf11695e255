/**
 * A fuzzer for {@code rollrun validate}: seeds ({@link dev.rollrun.tests.fuzz.Bundle}: the example
 * playbooks and the broken-input corpus), mutations that know YAML and rollrun's keys ({@link
 * dev.rollrun.tests.fuzz.TreeMutator}, over {@link dev.rollrun.tests.fuzz.YamlTree} written back by
 * {@link dev.rollrun.tests.fuzz.YamlEmitter}), mutations of text and bytes ({@link
 * dev.rollrun.tests.fuzz.TextMutator}), nasty values ({@link dev.rollrun.tests.fuzz.Nasty}) and
 * files that are no files ({@link dev.rollrun.tests.fuzz.SpecialFiles}), combined into inputs by
 * {@link dev.rollrun.tests.fuzz.CaseGenerator}; {@link dev.rollrun.tests.fuzz.OutcomeCheck} holds
 * each run to what validate promises, {@link dev.rollrun.tests.fuzz.FuzzTally} counts and reports.
 * {@code ValidateFuzzTest} runs it.
 */
package dev.rollrun.tests.fuzz;
