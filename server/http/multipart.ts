import type { RequestHandler } from 'express';
import multer from 'multer';
import { badRequest, DomainError } from '../errors.js';

/**
 * Multer for file uploads with its failures turned into client errors: a file over the limit is 413, and a
 * broken multipart body (bad part header, missing boundary, cut-off form) is 400. Busboy reports the
 * latter as plain errors without a status, which would otherwise surface as a 500.
 */
export function multipartFiles(opts: { field: string; maxFiles: number; maxBytes: number; tooLarge?: string }): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: opts.maxBytes, files: opts.maxFiles, fields: 20 } })
    .array(opts.field, opts.maxFiles);
  return (req, res, next) => parse(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError) {
      if (err.code === 'LIMIT_FILE_SIZE') return next(new DomainError('too_large', 'too_large', opts.tooLarge ?? 'File too large'));
      // Multer says "Unexpected field" for one file too many on an array field: name the real limit instead.
      if (err.code === 'LIMIT_FILE_COUNT' || (err.code === 'LIMIT_UNEXPECTED_FILE' && err.field === opts.field)) {
        const message = `At most ${opts.maxFiles} file${opts.maxFiles === 1 ? '' : 's'} per message`;
        return next(badRequest(message, { [opts.field]: message }));
      }
      return next(badRequest(err.message, { [err.field ?? opts.field]: err.message }));
    }
    if (err instanceof DomainError) return next(err);
    next(badRequest(`Malformed upload: ${err instanceof Error ? err.message : 'unreadable multipart body'}`));
  });
}
