import { decodeReport, ReportError } from './report-decoding';
import { parseParticipantReport, type ParsedReport, type ReportContext } from './report-formats';
import { readTable } from './report-table';

export { ReportError };

/** A webinar tool's participant report, from its bytes: decoded, split into records, recognised and read. */
export async function readParticipantReport(bytes: Uint8Array, ctx: ReportContext): Promise<ParsedReport> {
  const { text } = decodeReport(bytes);
  return parseParticipantReport(await readTable(text), ctx);
}
