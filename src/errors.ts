/** Codes the HTTP and Teams layers map to statuses and user-facing messages. */
export type AppErrorCode = 'notFound' | 'forbidden' | 'invalidInput' | 'conflict' | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
