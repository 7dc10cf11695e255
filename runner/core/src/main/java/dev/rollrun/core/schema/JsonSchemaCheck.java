package dev.rollrun.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * One compiled JSON Schema (draft 2020-12) of a {@link SchemaCatalog}: checks a document against it
 * and reports every failure as a {@link ConfigProblem} in the words of {@link SchemaWording}.
 * Immutable and safe to share between threads.
 */
public final class JsonSchemaCheck {

  private final JsonSchema schema;
  private final SchemaWording wording;

  JsonSchemaCheck(JsonNode schemaTree) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .locale(Locale.ROOT)
            .build();
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(schemaTree, config);
    this.wording = new SchemaWording(schemaTree);
  }

  /** Every way the document breaks the schema, in file order; empty when it conforms. */
  public List<ConfigProblem> check(YamlDocument document) {
    List<ValidationMessage> messages = new ArrayList<>(schema.validate(document.root()));
    messages.sort(Comparator.comparing(m -> m.getInstanceLocation().toString()));
    TreeSet<ConfigProblem> problems = new TreeSet<>();
    for (SchemaFailure failure : SchemaFailures.resolveAlternatives(messages)) {
      problems.add(wording.describe(document, failure));
    }
    return List.copyOf(problems);
  }
}
