/**
 * BinXml token bytes. Tokens 0x01, 0x05, 0x06, 0x07, 0x08 and 0x09 may carry the flag 0x40:
 * on an element start it means an attribute list follows, on the others that more data of the
 * same attribute or content follows.
 */
export const Token = {
  endOfStream: 0x00,
  openStartElement: 0x01,
  closeStartElement: 0x02,
  closeEmptyElement: 0x03,
  endElement: 0x04,
  value: 0x05,
  attribute: 0x06,
  cdataSection: 0x07,
  charRef: 0x08,
  entityRef: 0x09,
  piTarget: 0x0a,
  piData: 0x0b,
  templateInstance: 0x0c,
  normalSubstitution: 0x0d,
  optionalSubstitution: 0x0e,
  fragmentHeader: 0x0f,
} as const;

export const tokenMoreFlag = 0x40;

/** Strips the 0x40 flag so that 0x41 compares equal to 0x01. */
export function baseToken(token: number): number {
  return token & ~tokenMoreFlag;
}
