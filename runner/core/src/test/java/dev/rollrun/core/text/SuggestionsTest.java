package dev.rollrun.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  @Test
  void suggestsTheNameOneTypoAway() {
    assertEquals(
        Optional.of("serial"), Suggestions.closest("serail", List.of("batch", "serial", "pause")));
  }

  @Test
  void suggestsNothingWhenEveryNameIsFarOff() {
    assertEquals(Optional.empty(), Suggestions.closest("zookeeper", List.of("kafka", "consul")));
    assertEquals(Optional.empty(), Suggestions.closest("db", List.of("mq")));
    assertEquals(Optional.empty(), Suggestions.closest("web", List.of()));
  }

  @Test
  void allowsMoreEditsForLongerNames() {
    // The allowance grows with what was written: 9 characters allow 3 edits, 2 still allow 2.
    assertEquals(
        Optional.of("health-check"), Suggestions.closest("helthchek", List.of("health-check")));
    assertEquals(Optional.of("vars"), Suggestions.closest("vr", List.of("vars")));
    assertEquals(Optional.empty(), Suggestions.closest("hc", List.of("health-check")));
  }

  @Test
  void ignoresCaseWhenMeasuringButPrefersTheExactCase() {
    assertEquals(Optional.of("Web"), Suggestions.closest("WEB", List.of("Web", "mob")));
    assertEquals(Optional.of("Web"), Suggestions.closest("Wbe", List.of("web", "Web")));
  }

  @Test
  void breaksTiesAlphabeticallySoTheSuggestionIsStable() {
    assertEquals(Optional.of("db"), Suggestions.closest("dbz", List.of("dbs", "db", "web")));
    assertEquals(Optional.of("db"), Suggestions.closest("dbz", List.of("db", "dbs", "web")));
  }

  @Test
  void neverSuggestsTheWrongNameItself() {
    assertEquals(Optional.of("webs"), Suggestions.closest("web", List.of("web", "webs")));
  }

  @Test
  void didYouMeanIsReadyToAppendToAMessage() {
    assertEquals(
        " (did you mean \"children\"?)",
        Suggestions.didYouMean("chidren", List.of("vars", "children")));
    assertEquals("", Suggestions.didYouMean("zzz", List.of("vars", "children")));
  }

  @Test
  void swappedLettersAreOneTypo() {
    assertEquals(Optional.of("web"), Suggestions.closest("wbe", List.of("db", "web")));
    assertEquals(Optional.of("batch"), Suggestions.closest("btach", List.of("batch", "pause")));
  }

  @Test
  void nameThatStartsWithAKnownNameSuggestsIt() {
    assertEquals(Optional.of("exit"), Suggestions.closest("exitcode", List.of("exit", "on")));
    assertEquals(Optional.of("upper"), Suggestions.closest("uppercase", List.of("lower", "upper")));
    assertEquals(Optional.empty(), Suggestions.closest("dbserver", List.of("db")));
  }
}
