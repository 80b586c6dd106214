/**
 * A structure in an EVTX file that cannot be read: a bound that does not fit, a signature that
 * does not match, a token that is not defined. The message names the structure and the offset.
 */
export class EvtxFormatError extends Error {
  override name = 'EvtxFormatError';
}
