import OpenAI from 'openai';
import { ModelGoneError } from './model-answer';

/** Turns whatever the SDK threw into one polite sentence to speak. */
export function spokenError(error: unknown, partial: boolean): string {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'The service did not answer in time. Please try again.';
  if (error instanceof OpenAI.APIConnectionError) {
    return partial
      ? 'The answer was cut off because the connection dropped.'
      : 'Lumen could not reach the service. Check your internet connection.';
  }
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
    return 'The service refused the API key. Check it in Settings.';
  }
  if (error instanceof OpenAI.RateLimitError) {
    return 'The service is busy, or the key’s quota is used up. Please try again in a moment.';
  }
  if (error instanceof OpenAI.InternalServerError)
    return 'The service is having problems right now. Please try again in a moment.';
  if (error instanceof ModelGoneError) return 'The service offers no model that can answer right now.';
  if (error instanceof OpenAI.NotFoundError) return 'The service does not know the model in Settings.';
  if (error instanceof OpenAI.APIError) return `The service could not answer: ${error.message}`;
  return partial ? 'The answer was cut off.' : 'Something went wrong while getting the answer.';
}
