package dev.rollrun.core.schema;

import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;

/**
 * One schema failure to report: a keyword that failed ({@code message} set), or a {@code
 * oneOf}/{@code anyOf} none of whose alternatives fits ({@code combinator} set).
 */
record SchemaFailure(ValidationMessage message, JsonNodePath instance, JsonNodePath combinator) {

  static SchemaFailure of(ValidationMessage message) {
    return new SchemaFailure(message, message.getInstanceLocation(), null);
  }

  static SchemaFailure noAlternativeFits(JsonNodePath instance, JsonNodePath combinator) {
    return new SchemaFailure(null, instance, combinator);
  }

  /** True when the value had the wrong type for the rule: another alternative may fit it. */
  boolean isTypeMismatchAt(JsonNodePath at) {
    return instance.equals(at) && (combinator != null || "type".equals(message.getType()));
  }
}
