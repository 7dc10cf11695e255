package dev.rollrun.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rollrun.core.plan.PlanJson;
import dev.rollrun.core.plan.RolloutPlan;

/**
 * The plan as indented JSON ({@link PlanJson}), with {@code "digest"} on the first line like the
 * other formats.
 */
public final class JsonPlanRenderer {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String render(RolloutPlan plan) {
    try {
      String json = MAPPER.writeValueAsString(PlanJson.of(plan, true)).replace("\r\n", "\n");
      // Jackson puts the first field on line two; lift it so line one names the plan.
      return json.replaceFirst("^\\{\\n\\s+", "{ ") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
