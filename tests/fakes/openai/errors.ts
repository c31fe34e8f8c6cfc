/** The service's HTTP error body: {"error":{message,type,param,code}} (see the recorded 404 in GetChatCompletionMessagesWithPagination.json). */
export interface ServiceError {
  status: number;
  body: { error: { message: string; type: string; param: string | null; code: string | null } };
  headers?: Record<string, string>;
}

export function serviceError(
  status: number,
  message: string,
  type = 'invalid_request_error',
  param: string | null = null,
  code: string | null = null,
  headers?: Record<string, string>
): ServiceError {
  return { status, body: { error: { message, type, param, code } }, ...(headers ? { headers } : {}) };
}

function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.max(4, key.length - 7))}${key.slice(-4)}`;
}

export const missingKeyError = (): ServiceError =>
  serviceError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys."
  );

export const invalidKeyError = (key: string): ServiceError =>
  serviceError(
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    null,
    'invalid_api_key'
  );

export const rateLimitError = (model: string, retryAfterSeconds: number): ServiceError =>
  serviceError(
    429,
    `Rate limit reached for ${model} in organization org-fakelumen on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${retryAfterSeconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    'requests',
    null,
    'rate_limit_exceeded',
    {
      'retry-after': String(retryAfterSeconds),
      'retry-after-ms': String(Math.round(retryAfterSeconds * 1000)),
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': `${retryAfterSeconds}s`
    }
  );

export const serverError = (): ServiceError =>
  serviceError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error');

export const overloadedError = (): ServiceError =>
  serviceError(503, 'The engine is currently overloaded, please try again later', 'server_error');

export const invalidUrlError = (method: string, path: string): ServiceError =>
  serviceError(404, `Invalid URL (${method} ${path})`);

export const modelNotFoundError = (model: string): ServiceError =>
  serviceError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    null,
    'model_not_found'
  );

export const missingParamError = (param: string): ServiceError =>
  serviceError(
    400,
    `Missing required parameter: '${param}'.`,
    'invalid_request_error',
    param,
    'missing_required_parameter'
  );

/** "'a', 'b' and 'c'" as the service lists values; `oxford` adds the comma before "and". */
function quotedList(values: readonly string[], oxford: boolean): string {
  const q = values.map((v) => `'${v}'`);
  if (q.length < 3) return q.join(' and ');
  return `${q.slice(0, -1).join(', ')}${oxford ? ',' : ''} and ${q.at(-1)}`;
}

/** What the service adds to some refusals, pointing at the parameter to use instead. */
const INSTEAD: Record<string, string> = { max_tokens: "Use 'max_completion_tokens' instead." };

/** 400 for a parameter the model does not take at all, e.g. temperature on a reasoning model. */
export const unsupportedParameterError = (param: string): ServiceError =>
  serviceError(
    400,
    `Unsupported parameter: '${param}' is not supported with this model.${INSTEAD[param] ? ` ${INSTEAD[param]}` : ''}`,
    'invalid_request_error',
    param,
    'unsupported_parameter'
  );

/** 400 for a value the model does not take, e.g. reasoning_effort 'minimal' on the gpt-6 family. */
export const unsupportedValueError = (param: string, value: unknown, supported: readonly string[]): ServiceError =>
  serviceError(
    400,
    `Unsupported value: '${param}' does not support '${String(value)}' with this model. Supported values are: ${quotedList(supported, true)}.`,
    'invalid_request_error',
    param,
    'unsupported_value'
  );

/** 400 for a value outside the endpoint's list, e.g. a chat model sent to v1/audio/speech. */
export const invalidValueError = (param: string, value: string, supported: readonly string[]): ServiceError =>
  serviceError(
    400,
    supported.length > 0
      ? `Invalid value: '${value}'. Supported values are: ${quotedList(supported, false)}.`
      : `Invalid value: '${value}'.`,
    'invalid_request_error',
    param,
    'invalid_value'
  );

/** 400 for a model sent to an endpoint that does not serve it (a Realtime model to chat completions). */
export const wrongEndpointError = (servedAt: string, requested: string): ServiceError =>
  serviceError(
    400,
    `This model is only supported in ${servedAt} and not in ${requested}.`,
    'invalid_request_error',
    'model',
    null
  );

export const invalidJsonError = (): ServiceError =>
  serviceError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)"
  );

export function statusFaultError(status: number, model: string, retryAfterSeconds?: number): ServiceError {
  switch (status) {
    case 429:
      return rateLimitError(model, retryAfterSeconds ?? 1);
    case 401:
      return invalidKeyError('sk-revoked-by-fault');
    case 503:
      return overloadedError();
    default:
      return serverError();
  }
}
