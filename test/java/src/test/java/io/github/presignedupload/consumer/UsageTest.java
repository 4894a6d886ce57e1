package io.github.presignedupload.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.presignedupload.cdk.PresignAuth;
import io.github.presignedupload.cdk.PresignAuthType;
import io.github.presignedupload.cdk.MultipartUpload;
import io.github.presignedupload.cdk.PresignedUploadBucket;
import io.github.presignedupload.cdk.UploadQuotas;
import io.github.presignedupload.cdk.UploadQuotasOptions;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/** The README's usage app, written in Java, must synthesize what it does in TypeScript and Python. */
class UsageTest {
  private static final File EXPECTATIONS = new File("../fixtures/usage-expectations.json");

  @Test
  @SuppressWarnings("unchecked")
  void usageAppSynthesizesTheSharedExpectations() throws Exception {
    App app = new App();
    Stack stack = new Stack(app, "UploadsStack", StackProps.builder()
        .env(Environment.builder().region("eu-west-1").build())
        .build());

    PresignedUploadBucket uploads = PresignedUploadBucket.Builder.create(stack, "Uploads")
        .allowedOrigins(List.of("https://app.example.com", "http://localhost:5173"))
        .auth(PresignAuth.jwt(io.github.presignedupload.cdk.JwtAuthOptions.builder()
            .issuer("https://example.auth0.com/")
            .audience(List.of("my-api"))
            .build()))
        .maxUploadSize(Size.mebibytes(20))
        .allowedContentTypes(List.of("image/*", "application/pdf"))
        .expireUploadsAfter(Duration.days(7))
        .quotas(UploadQuotas.enabled(UploadQuotasOptions.builder().bytesPerDay(Size.gibibytes(50)).build()))
        .build();

    Template template = Template.fromStack(stack);
    Map<String, Object> expectations = new ObjectMapper().readValue(EXPECTATIONS, Map.class);
    ((Map<String, Integer>) expectations.get("resourceCounts")).forEach(template::resourceCountIs);
    for (Map<String, Object> expected : (List<Map<String, Object>>) expectations.get("resources")) {
      template.hasResourceProperties((String) expected.get("type"), expected.get("properties"));
    }
    assertTrue(uploads.getPresignEndpointUrl().contains("execute-api"));
  }

  @Test
  void invalidPropsRaiseOneErrorThatNamesEveryProblem() {
    Stack stack = new Stack(new App(), "Invalid");
    RuntimeException error = assertThrows(RuntimeException.class, () ->
        PresignedUploadBucket.Builder.create(stack, "Uploads")
            .allowedOrigins(List.of("https://app.example.com/"))
            .uploadPrefix("incoming")
            .build());
    assertTrue(error.getMessage().contains("Invalid PresignedUploadBucket props at path [Invalid/Uploads]:"), error.getMessage());
    assertTrue(error.getMessage().contains("has a trailing slash"), error.getMessage());
    assertTrue(error.getMessage().contains("uploadPrefix \"incoming\" does not end with \"/\""), error.getMessage());
  }

  @Test
  void theNamedDefaultsAreReadable() {
    // Java reads every static as it loads a class: one that jsii cannot pass
    // makes the whole class fail to load.
    assertEquals(50, PresignedUploadBucket.DEFAULT_THROTTLE_RATE_LIMIT.intValue());
    assertEquals(100, PresignedUploadBucket.DEFAULT_THROTTLE_BURST_LIMIT.intValue());
    assertEquals(100, PresignedUploadBucket.DEFAULT_MAX_UPLOAD_SIZE.toMebibytes().intValue());
    assertEquals("uploads/", PresignedUploadBucket.DEFAULT_UPLOAD_PREFIX);
    assertEquals(64, MultipartUpload.DEFAULT_PART_SIZE.toMebibytes().intValue());
    assertEquals(600, UploadQuotas.DEFAULT_REQUESTS_PER_CALLER.intValue());
  }

  @Test
  void staticFactoriesAndEnumsCrossTheLanguageBoundary() {
    assertEquals(PresignAuthType.IAM, PresignAuth.iam().getAuthType());
    assertEquals(PresignAuthType.NONE, PresignAuth.none().getAuthType());
  }
}
