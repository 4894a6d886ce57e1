import { Names } from 'aws-cdk-lib';
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeFindings, LOG_GROUP_ENCRYPTION } from './analyzer-acknowledgement';
import type { UploadCors } from './upload-cors';
import type { PresignAuth } from '../presign-auth';

/** Path of the presign route. */
export const PRESIGN_PATH = '/uploads';

/** One JSON line per request in the API's access log. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
});

/** Props of {@link PresignEndpoint}. */
export interface PresignEndpointProps {
  readonly auth: PresignAuth;
  readonly cors: UploadCors;
  /** The stage's steady rate and burst, in requests per second. */
  readonly throttle: apigwv2.ThrottleSettings;
  /** Of the access logs. */
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** The presign function the route invokes. */
  readonly handler: lambda.IFunction;
}

/**
 * The HTTP API in front of the presign function: `POST /uploads` behind the
 * chosen authorizer, CORS preflight answered by API Gateway itself (there is
 * no OPTIONS route, so no authorizer ever sees a preflight), a `$default`
 * stage with throttling and JSON access logs.
 */
export class PresignEndpoint extends Construct {
  public readonly api: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  /** Full URL of `POST /uploads`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: PresignEndpointProps) {
    super(scope, id);
    const { auth, cors, handler } = props;

    this.api = new apigwv2.HttpApi(this, 'Api', {
      // The L2 would name every such API "Api"; a unique name tells them apart in the console.
      apiName: Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      description: 'Hands browsers presigned PUTs for direct uploads to S3',
      createDefaultStage: false,
      corsPreflight: cors.apiPreflight(),
    });

    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    cfnStage.accessLogSettings = { destinationArn: accessLogs.logGroupArn, format: ACCESS_LOG_FORMAT };
    acknowledgeFindings(accessLogs.node.defaultChild as logs.CfnLogGroup, LOG_GROUP_ENCRYPTION);

    const [route] = this.api.addRoutes({
      path: PRESIGN_PATH,
      methods: [apigwv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration('Presign', handler),
      authorizer: auth._authorizer(),
    });
    const routeAcknowledgements = auth._routeAcknowledgements();
    if (routeAcknowledgements.length > 0) {
      acknowledgeFindings(route.node.defaultChild as apigwv2.CfnRoute, ...routeAcknowledgements);
    }

    this.url = `${this.stage.url}${PRESIGN_PATH.slice(1)}`;
  }
}
