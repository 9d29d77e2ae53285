import { HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { badInput } from '@lib/common';

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** 413 with the platform's JSON error shape (answerHttpError sends an HttpException's object response as it is). */
function tooLarge(max: number): HttpException {
  return new HttpException(
    { error: { code: 'BAD_USER_INPUT', message: `the file is larger than ${megabytes(max)}` } },
    413,
  );
}

/**
 * The raw body of a request, whatever its Content-Type, read as a stream up to `max` bytes. A declared length over it
 * is refused before reading anything, a stream that grows over it as soon as it does: reading stops, the rest is
 * discarded and the connection closes once the 413 is answered, so a huge upload neither fills memory nor ties the
 * connection up. A body the JSON parser already took (Content-Type: application/json) cannot be a report.
 */
export function readRequestBody(req: Request, res: Response, max: number): Promise<Buffer> {
  if ((req as Request & { _body?: boolean })._body || req.readableEnded) {
    return Promise.reject(
      badInput(
        'body',
        'send the report file itself as the request body (text/csv or application/octet-stream), not JSON',
      ),
    );
  }
  const refuse = () => {
    res.setHeader('Connection', 'close');
    req.unpipe();
    req.removeAllListeners('data');
    req.resume(); // discard what is still coming until the connection closes
    return tooLarge(max);
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.reject(refuse());
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      fn();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) return settle(() => reject(refuse()));
      chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
    const onError = (error: Error) => settle(() => reject(badInput('body', `the upload failed: ${error.message}`)));
    const onAborted = () => settle(() => reject(badInput('body', 'the upload was interrupted')));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
