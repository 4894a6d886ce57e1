package io.github.presignedupload.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.presignedupload.cdk.GuardDutyMalwareProtectionOptions;
import io.github.presignedupload.cdk.InfectedObjectAction;
import io.github.presignedupload.cdk.MalwareProtection;
import io.github.presignedupload.cdk.PresignedUploadBucket;
import io.github.presignedupload.cdk.ThreatRuleOptions;
import io.github.presignedupload.cdk.UploadRuleOptions;
import java.io.File;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.event.ruler.Machine;

/**
 * The EventBridge rules the construct synthesizes, matched against AWS's
 * sample events with AWS's own pattern matcher, Event Ruler: a clean scan
 * result for this bucket and prefix reaches the upload handler only, an
 * infected one the threat handler only, and results for another bucket or
 * prefix reach neither. Without malware protection, "Object Created" reaches
 * the upload handler. Targets other than Lambda (a Step Functions state
 * machine, an SQS queue, through onUpload and onThreat) get the same events
 * as the Lambda conveniences. The stacks are built here, in Java, with the
 * published package: this is also the Java consumer test of malwareProtection
 * and of a non-Lambda target.
 */
class ScanEventRoutingTest {
  private static final File EVENTS = new File("../fixtures/events");
  private static final String BUCKET = "my-upload-bucket";
  private static final String KEY = "uploads/0b7e5f9e-5c1a-4c55-9d44-2f3e1a0c9b11/photo.png";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Machine scanned;
  private static Machine unscanned;

  @BeforeAll
  static void synthesize() throws Exception {
    Stack stack = new Stack(new App(), "Scanned");
    PresignedUploadBucket uploads = PresignedUploadBucket.Builder.create(stack, "Uploads")
        .allowedOrigins(List.of("https://app.example.com"))
        .malwareProtection(MalwareProtection.guardDuty(GuardDutyMalwareProtectionOptions.builder()
            .infectedObjects(InfectedObjectAction.KEEP)
            .build()))
        .build();
    uploads.addUploadHandler(function(stack, "Processor"));
    uploads.addThreatHandler(function(stack, "Alarm"));
    uploads.onUpload("ToWorkflow", UploadRuleOptions.builder().target(new SfnStateMachine(workflow(stack))).build());
    uploads.onThreat("ToQuarantine", ThreatRuleOptions.builder().target(new SqsQueue(new Queue(stack, "Quarantine"))).build());
    scanned = rulesOf(stack, Map.of("Processor", "upload-handler", "Alarm", "threat-handler",
        "Workflow", "upload-workflow", "Quarantine", "threat-queue"));

    Stack plain = new Stack(new App(), "Unscanned");
    PresignedUploadBucket plainUploads = PresignedUploadBucket.Builder.create(plain, "Uploads")
        .allowedOrigins(List.of("https://app.example.com"))
        .build();
    plainUploads.addUploadHandler(function(plain, "Processor"));
    plainUploads.onUpload("ToQueue", UploadRuleOptions.builder().target(new SqsQueue(new Queue(plain, "Jobs"))).build());
    unscanned = rulesOf(plain, Map.of("Processor", "upload-handler", "Jobs", "upload-queue"));
  }

  private static Function function(Stack stack, String id) {
    return Function.Builder.create(stack, id)
        .runtime(Runtime.NODEJS_22_X)
        .handler("index.handler")
        .code(Code.fromInline("exports.handler = async () => {};"))
        .build();
  }

  private static StateMachine workflow(Stack stack) {
    return StateMachine.Builder.create(stack, "Workflow")
        .definitionBody(DefinitionBody.fromChainable(Pass.Builder.create(stack, "Start").build()))
        .build();
  }

  /** An Event Ruler machine with each rule of the stack, named by its target, the upload bucket's Ref replaced by BUCKET. */
  private static Machine rulesOf(Stack stack, Map<String, String> names) throws Exception {
    Machine machine = new Machine();
    Map<String, Map<String, Object>> rules = Template.fromStack(stack).findResources("AWS::Events::Rule");
    assertEquals(names.size(), rules.size());
    for (Map<String, Object> rule : rules.values()) {
      JsonNode properties = JSON.valueToTree(rule.get("Properties"));
      JsonNode arn = properties.at("/Targets/0/Arn");
      String target = arn.has("Ref") ? arn.get("Ref").asText() : arn.at("/Fn::GetAtt/0").asText();
      String name = names.entrySet().stream().filter(e -> target.startsWith(e.getKey())).findFirst().orElseThrow().getValue();
      machine.addRule(name, JSON.writeValueAsString(withBucketName(properties.get("EventPattern"))));
    }
    return machine;
  }

  /** The pattern with every `{"Ref": ...}` (the only one is the upload bucket's name) replaced by BUCKET. */
  private static JsonNode withBucketName(JsonNode node) {
    if (node.isObject() && node.size() == 1 && node.has("Ref")) return TextNode.valueOf(BUCKET);
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        copy.set(field.getKey(), withBucketName(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = JSON.createArrayNode();
      node.forEach(item -> copy.add(withBucketName(item)));
      return copy;
    }
    return node;
  }

  /** A sample event from test/fixtures/events with the bucket and key of a case. */
  private static String scanResult(String file, String bucket, String key) throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(new File(EVENTS, file));
    ObjectNode object = (ObjectNode) event.at("/detail/s3ObjectDetails");
    object.put("bucketName", bucket);
    object.put("objectKey", key);
    return JSON.writeValueAsString(event);
  }

  private static Set<String> matched(Machine machine, String event) throws Exception {
    return new TreeSet<>(machine.rulesForJSONEvent(event));
  }

  @Test
  void aCleanResultForThisBucketReachesOnlyTheUploadTargets() throws Exception {
    assertEquals(Set.of("upload-handler", "upload-workflow"), matched(scanned, scanResult("guardduty-scan-no-threats-found.json", BUCKET, KEY)));
  }

  @Test
  void anInfectedResultReachesOnlyTheThreatTargets() throws Exception {
    assertEquals(Set.of("threat-handler", "threat-queue"), matched(scanned, scanResult("guardduty-scan-threats-found.json", BUCKET, KEY)));
  }

  @Test
  void resultsForAnotherBucketOrPrefixReachNeither() throws Exception {
    for (String file : List.of("guardduty-scan-no-threats-found.json", "guardduty-scan-threats-found.json")) {
      assertEquals(Set.of(), matched(scanned, scanResult(file, "someone-elses-bucket", KEY)), file);
      assertEquals(Set.of(), matched(scanned, scanResult(file, BUCKET, "results/photo.png")), file);
    }
  }

  @Test
  void otherScanOutcomesReachNeither() throws Exception {
    for (String status : List.of("UNSUPPORTED", "ACCESS_DENIED", "FAILED")) {
      ObjectNode event = (ObjectNode) JSON.readTree(scanResult("guardduty-scan-no-threats-found.json", BUCKET, KEY));
      ((ObjectNode) event.at("/detail/scanResultDetails")).put("scanResultStatus", status);
      assertEquals(Set.of(), matched(scanned, JSON.writeValueAsString(event)), status);
    }
  }

  @Test
  void withMalwareProtectionObjectCreatedReachesNoHandler() throws Exception {
    assertEquals(Set.of(), matched(scanned, objectCreated(BUCKET, KEY)));
  }

  @Test
  void withoutMalwareProtectionObjectCreatedReachesTheUploadHandler() throws Exception {
    assertEquals(Set.of("upload-handler", "upload-queue"), matched(unscanned, objectCreated(BUCKET, KEY)));
    assertEquals(Set.of(), matched(unscanned, objectCreated("someone-elses-bucket", KEY)));
    assertEquals(Set.of(), matched(unscanned, objectCreated(BUCKET, "results/photo.png")));
    assertEquals(Set.of(), matched(unscanned, scanResult("guardduty-scan-no-threats-found.json", BUCKET, KEY)));
  }

  private static String objectCreated(String bucket, String key) throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(new File(EVENTS, "s3-object-created.json"));
    ((ObjectNode) event.at("/detail/bucket")).put("name", bucket);
    ((ObjectNode) event.at("/detail/object")).put("key", key);
    return JSON.writeValueAsString(event);
  }
}
