import { constants } from 'node:zlib';
import compression from 'compression';

/**
 * GraphQL answers compressed for clients that ask (browsers always do): a catalogue page is 16–30 KB of JSON and
 * about a sixth of that compressed, which on a 500 kbit/s line is a quarter of a second. Brotli at quality 4 costs
 * about what gzip does; answers under 1 KB go as they are. Mounted on /graphql only: the web app's files are
 * compressed once at build time, PDFs and spreadsheets are compressed already.
 */
export function graphqlCompression() {
  return compression({
    threshold: 1024,
    brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}
