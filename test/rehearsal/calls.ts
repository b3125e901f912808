// Every AWS API call a Terraform run made, read back from its debug log (TF_LOG=debug).
//
// Both the AWS provider and the S3 backend log through aws-sdk-go-base, one "HTTP Request
// Sent" and one "HTTP Response Received" entry per HTTP call, with the service and operation
// (`rpc.service`, `rpc.method`), the URL, the method and the request body. Entries are
// `key=value` pairs (values quoted when they hold spaces); bodies follow on lines that start
// with "  | ". A response is paired with the oldest unanswered request of the same Terraform
// request id and operation, which is how the SDK issues them.

export interface AwsCall {
  /** Who made it: the S3 state backend, or the AWS provider. */
  source: 'backend' | 'provider';
  /** As the SDK names it: S3, IAM, Lambda, ApiGatewayV2, CloudWatch Logs, ECR, STS, … */
  service: string;
  /** The API operation: HeadObject, CreateFunction, … */
  operation: string;
  method: string;
  url: URL;
  /** The request body, as sent (JSON, form-encoded or XML); '' when none. */
  body: string;
  /**
   * The SDK logs at most about 1 KiB of a body: it keeps whole lines until 1024 bytes are
   * reached and then writes "[truncated...]" (aws-sdk-go-base logging/http.go,
   * ReadTruncatedBody). JSON and form bodies are one line, so they stay whole; the marker is
   * taken off `body` and noted here. S3 object bodies are logged as "[Redacted: …]".
   */
  truncated?: boolean;
  /** Request headers by lower-case name with `_` for `-` (as logged: `http.request.header.x_amz_tagging`). */
  headers?: Record<string, string>;
  /** HTTP status of the response; 0 when the log has none (the run was cut short). */
  status: number;
  /** The response body, when the log has one ('' otherwise): some rules need what a call created. */
  response: string;
  /** The Terraform resource or data source type the provider was working on, when it says. */
  resourceType?: string;
  /** The provider RPC it was part of: ReadDataSource, ApplyResourceChange, … */
  rpc?: string;
}

const entryStart = /\n(?=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)/;
const field = /([\w.@]+)=("(?:[^"\\]|\\.)*"|\[[^\]]*\]|\S*)/g;

function fields(entry: string): { values: Map<string, string>; bodies: Map<string, string> } {
  // Pull out the multi-line bodies first: `key=` then lines starting with "  | ".
  const bodies = new Map<string, string>();
  const rest = entry.replace(/([\w.]+)=\n((?: {2}\|.*(?:\n|$))+)/g, (_all, key: string, lines: string) => {
    bodies.set(key, lines.split('\n').filter((l) => l.startsWith('  |')).map((l) => l.replace(/^ {2}\| ?/, '')).join('\n'));
    return ' ';
  });
  const values = new Map<string, string>();
  for (const m of rest.matchAll(field)) {
    let value = m[2]!;
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        value = value.slice(1, -1);
      }
    }
    if (!values.has(m[1]!)) values.set(m[1]!, value);
  }
  return { values, bodies };
}

/** The calls in a Terraform debug log, in the order they were sent. */
export function parseCalls(log: string): AwsCall[] {
  const calls: AwsCall[] = [];
  const pending = new Map<string, AwsCall[]>();
  for (const entry of log.split(entryStart)) {
    const sent = entry.includes(': HTTP Request Sent:');
    const received = entry.includes(': HTTP Response Received:');
    if (!sent && !received) continue;
    const source = / backend-s3: /.test(entry.slice(0, 120)) ? 'backend' : 'provider';
    const { values, bodies } = fields(entry.slice(entry.indexOf('HTTP R')));
    const operation = values.get('rpc.method') ?? '';
    const requestId = values.get('tf_backend.req_id') ?? values.get('tf_req_id') ?? '';
    const key = `${source} ${requestId} ${operation}`;
    if (sent) {
      const logged = bodies.get('http.request.body') ?? values.get('http.request.body') ?? '';
      const truncated = /\n?\[truncated\.\.\.\]$/.test(logged);
      const headers = Object.fromEntries([...values].filter(([k]) => k.startsWith('http.request.header.')).map(([k, v]) => [k.slice('http.request.header.'.length), v]));
      const call: AwsCall = {
        source,
        service: values.get('rpc.service') ?? '',
        operation,
        method: values.get('http.method') ?? '',
        url: new URL(values.get('http.url') ?? 'http://invalid/'),
        body: truncated ? logged.replace(/\n?\[truncated\.\.\.\]$/, '') : logged,
        ...(truncated ? { truncated } : {}),
        headers,
        status: 0,
        response: '',
        ...(values.get('tf_resource_type') ?? values.get('tf_data_source_type') ? { resourceType: values.get('tf_resource_type') ?? values.get('tf_data_source_type') } : {}),
        ...(values.get('tf_rpc') ? { rpc: values.get('tf_rpc') } : {}),
      };
      calls.push(call);
      pending.set(key, [...(pending.get(key) ?? []), call]);
    } else {
      const waiting = pending.get(key);
      const call = waiting?.shift();
      if (call) {
        call.status = Number(values.get('http.status_code') ?? 0);
        call.response = bodies.get('http.response.body') ?? '';
      }
    }
  }
  return calls;
}

/** `Service Operation` plus what it was on, for messages. */
export function describeCall(call: AwsCall): string {
  return `${call.service} ${call.operation} (${call.method} ${decodeURIComponent(call.url.pathname)}${call.url.search})`;
}
