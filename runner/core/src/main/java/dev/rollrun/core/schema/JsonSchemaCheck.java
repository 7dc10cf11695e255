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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One compiled JSON Schema (draft 2020-12) of a {@link SchemaCatalog}: checks a document against it
 * and reports every failure as a {@link ConfigProblem} in the words of {@link SchemaWording}.
 * Immutable and safe to share between threads.
 */
public final class JsonSchemaCheck {

  /**
   * Checks already compiled, by their schema: compiling the merged schema (the core's and every
   * plugin's fragments) is most of what validating one small file costs, and a process that
   * validates again and again (the fuzz test's 10,000 commands) has the same few schemas each time.
   * A handful are kept, the least recently used dropped.
   */
  private static final int KEPT = 16;

  private static final Map<JsonNode, JsonSchemaCheck> COMPILED =
      Collections.synchronizedMap(
          new LinkedHashMap<>(KEPT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<JsonNode, JsonSchemaCheck> eldest) {
              return size() > KEPT;
            }
          });

  private final JsonSchema schema;
  private final SchemaWording wording;

  /** The check of {@code schemaTree}, compiled once per process for equal trees. */
  static JsonSchemaCheck of(JsonNode schemaTree) {
    JsonSchemaCheck known = COMPILED.get(schemaTree);
    if (known != null) {
      return known;
    }
    JsonNode own = schemaTree.deepCopy(); // a key nobody else can change
    JsonSchemaCheck compiled = new JsonSchemaCheck(own);
    COMPILED.put(own, compiled);
    return compiled;
  }

  private JsonSchemaCheck(JsonNode schemaTree) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .locale(Locale.ROOT)
            .build();
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(schemaTree, config);
    // Every validator made now, not lazily by whichever thread validates first.
    this.schema.initializeValidators();
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
