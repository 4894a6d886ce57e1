// Go consumer test: the README's usage app, written in Go against the
// generated package, must synthesize what it does in TypeScript, Python and
// Java (test/fixtures/usage-expectations.json). Run by scripts/test-go.sh.
package consumer

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/jsii-runtime-go"
	"github.com/presigned-upload/cdk-presigned-upload-go/cdkpresignedupload"
)

type expectations struct {
	ResourceCounts map[string]float64 `json:"resourceCounts"`
	Resources      []struct {
		Type       string                 `json:"type"`
		Properties map[string]interface{} `json:"properties"`
	} `json:"resources"`
}

func TestUsageAppSynthesizesTheSharedExpectations(t *testing.T) {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("UploadsStack"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})

	uploads := cdkpresignedupload.NewPresignedUploadBucket(stack, jsii.String("Uploads"), &cdkpresignedupload.PresignedUploadBucketProps{
		AllowedOrigins: jsii.Strings("https://app.example.com", "http://localhost:5173"),
		Auth: cdkpresignedupload.PresignAuth_Jwt(&cdkpresignedupload.JwtAuthOptions{
			Issuer:   jsii.String("https://example.auth0.com/"),
			Audience: jsii.Strings("my-api"),
		}),
		MaxUploadSize:       awscdk.Size_Mebibytes(jsii.Number(20)),
		AllowedContentTypes: jsii.Strings("image/*", "application/pdf"),
		ExpireUploadsAfter:  awscdk.Duration_Days(jsii.Number(7)),
		Quotas: cdkpresignedupload.UploadQuotas_Enabled(&cdkpresignedupload.UploadQuotasOptions{
			BytesPerDay: awscdk.Size_Gibibytes(jsii.Number(50)),
		}),
	})

	raw, err := os.ReadFile("../fixtures/usage-expectations.json")
	if err != nil {
		t.Fatal(err)
	}
	var expected expectations
	if err := json.Unmarshal(raw, &expected); err != nil {
		t.Fatal(err)
	}
	template := assertions.Template_FromStack(stack, nil)
	for resourceType, count := range expected.ResourceCounts {
		template.ResourceCountIs(jsii.String(resourceType), jsii.Number(count))
	}
	for _, resource := range expected.Resources {
		template.HasResourceProperties(jsii.String(resource.Type), resource.Properties)
	}
	if got := *uploads.UploadPrefix(); got != "uploads/" {
		t.Fatalf("UploadPrefix() = %q, want \"uploads/\"", got)
	}
}

func TestInvalidPropsRaiseOneErrorThatNamesEveryProblem(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Invalid"), nil)
	defer func() {
		message := ""
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				message = e.Error()
			} else {
				message = r.(string)
			}
		}
		for _, want := range []string{
			"Invalid PresignedUploadBucket props at path [Invalid/Uploads]:",
			`AllowedOrigins entry "https://app.example.com/" has a trailing slash`,
			`UploadPrefix "incoming" does not end with "/"`,
		} {
			if !strings.Contains(message, want) {
				t.Errorf("error %q does not contain %q", message, want)
			}
		}
	}()
	cdkpresignedupload.NewPresignedUploadBucket(stack, jsii.String("Uploads"), &cdkpresignedupload.PresignedUploadBucketProps{
		AllowedOrigins: jsii.Strings("https://app.example.com/"),
		UploadPrefix:   jsii.String("incoming"),
	})
}

func TestTheNamedDefaultsAreReadable(t *testing.T) {
	got := []float64{
		*cdkpresignedupload.PresignedUploadBucket_DEFAULT_THROTTLE_RATE_LIMIT(),
		*cdkpresignedupload.PresignedUploadBucket_DEFAULT_THROTTLE_BURST_LIMIT(),
		*cdkpresignedupload.PresignedUploadBucket_DEFAULT_MAX_UPLOAD_SIZE().ToMebibytes(nil),
		*cdkpresignedupload.MultipartUpload_DEFAULT_PART_SIZE().ToMebibytes(nil),
	}
	want := []float64{50, 100, 100, 64}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("defaults: got %v, want %v", got, want)
		}
	}
	if prefix := *cdkpresignedupload.PresignedUploadBucket_DEFAULT_UPLOAD_PREFIX(); prefix != "uploads/" {
		t.Fatalf("DEFAULT_UPLOAD_PREFIX: got %q", prefix)
	}
}

func TestStaticFactoriesAndEnumsCrossTheLanguageBoundary(t *testing.T) {
	if got := cdkpresignedupload.PresignAuth_None().AuthType(); got != cdkpresignedupload.PresignAuthType_NONE {
		t.Fatalf("PresignAuth_None().AuthType() = %v", got)
	}
}

func TestMalwareProtectionAddsAPlanAndAThreatHandlerRule(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Scanned"), nil)
	uploads := cdkpresignedupload.NewPresignedUploadBucket(stack, jsii.String("Uploads"), &cdkpresignedupload.PresignedUploadBucketProps{
		AllowedOrigins: jsii.Strings("https://app.example.com"),
		MalwareProtection: cdkpresignedupload.MalwareProtection_GuardDuty(&cdkpresignedupload.GuardDutyMalwareProtectionOptions{
			InfectedObjects: cdkpresignedupload.InfectedObjectAction_KEEP,
		}),
	})
	alarm := awslambda.NewFunction(stack, jsii.String("Alarm"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_22_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => {};")),
	})
	uploads.AddThreatHandler(alarm, nil)
	template := assertions.Template_FromStack(stack, nil)
	template.ResourceCountIs(jsii.String("AWS::GuardDuty::MalwareProtectionPlan"), jsii.Number(1))
	template.HasResourceProperties(jsii.String("AWS::Events::Rule"), map[string]interface{}{
		"EventPattern": map[string]interface{}{
			"detail": map[string]interface{}{
				"scanResultDetails": map[string]interface{}{"scanResultStatus": []interface{}{"THREATS_FOUND"}},
			},
		},
	})
	if uploads.MalwareScanRole() == nil {
		t.Fatal("MalwareScanRole() is nil with malware protection on")
	}
}

func TestAStateMachineGetsEachCleanUploadAndMayReadIt(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Workflow"), nil)
	uploads := cdkpresignedupload.NewPresignedUploadBucket(stack, jsii.String("Uploads"), &cdkpresignedupload.PresignedUploadBucketProps{
		AllowedOrigins:    jsii.Strings("https://app.example.com"),
		MalwareProtection: cdkpresignedupload.MalwareProtection_GuardDuty(nil),
	})
	machine := awsstepfunctions.NewStateMachine(stack, jsii.String("Pipeline"), &awsstepfunctions.StateMachineProps{
		DefinitionBody: awsstepfunctions.DefinitionBody_FromChainable(awsstepfunctions.NewPass(stack, jsii.String("Start"), nil)),
	})
	uploads.OnUpload(jsii.String("ToPipeline"), &cdkpresignedupload.UploadRuleOptions{Target: awseventstargets.NewSfnStateMachine(machine, nil)})
	uploads.GrantReadUploads(machine)
	template := assertions.Template_FromStack(stack, nil)
	template.HasResourceProperties(jsii.String("AWS::Events::Rule"), map[string]interface{}{
		"EventPattern": map[string]interface{}{
			"detail": map[string]interface{}{
				"scanResultDetails": map[string]interface{}{"scanResultStatus": []interface{}{"NO_THREATS_FOUND"}},
			},
		},
		"Targets": []interface{}{map[string]interface{}{"Arn": map[string]interface{}{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^Pipeline"))}}},
	})
}

func TestMultipartUploadsUpTo5TiBWithAChosenThreshold(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Large"), nil)
	cdkpresignedupload.NewPresignedUploadBucket(stack, jsii.String("Uploads"), &cdkpresignedupload.PresignedUploadBucketProps{
		AllowedOrigins: jsii.Strings("https://app.example.com"),
		MaxUploadSize:  awscdk.Size_Tebibytes(jsii.Number(5)),
		MultipartUpload: cdkpresignedupload.MultipartUpload_Enabled(&cdkpresignedupload.MultipartUploadOptions{
			Threshold: awscdk.Size_Mebibytes(jsii.Number(64)),
		}),
	})
	template := assertions.Template_FromStack(stack, nil)
	template.HasResourceProperties(jsii.String("AWS::Lambda::Function"), map[string]interface{}{
		"Environment": map[string]interface{}{
			"Variables": map[string]interface{}{"UPLOAD_MAX_BYTES": "5497558138880", "UPLOAD_MULTIPART_THRESHOLD": "67108864"},
		},
	})
	if *cdkpresignedupload.MultipartUpload_Disabled().IsEnabled() {
		t.Fatal("MultipartUpload_Disabled().IsEnabled() is true")
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}
