package dev.rollrun.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rollrun.core.event.RunEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedValuesTest {

  private final List<RunEvent> journal = new ArrayList<>();
  private final OwnedValues owned = new OwnedValues(journal::add);

  @Test
  void whatABeforeSideReadIsJournaledBeforeItIsKept() {
    owned.save("h1", "before-stop[0]", "{\"transient\":\"all\"}");

    assertEquals(
        List.of(new RunEvent.OwnedSaved("h1", "before-stop[0]", "{\"transient\":\"all\"}")),
        journal);
    assertEquals("{\"transient\":\"all\"}", owned.savedBy("h1", "before-stop[0]"));
    assertNull(owned.savedBy("h2", "before-stop[0]"));
  }

  @Test
  void aBeforeSideRunAgainAfterACrashKeepsTheValueReadBeforeTheCrash() {
    // The first process read the operator's value and held allocation at primaries, then died.
    owned.remember("h1", "before-stop[0]", "{\"transient\":\"all\"}");

    owned.save("h1", "before-stop[0]", "{\"transient\":\"primaries\"}");

    assertEquals("{\"transient\":\"all\"}", owned.savedBy("h1", "before-stop[0]"));
    assertEquals(List.of(), journal, "the journal keeps the first value alone");
  }
}
