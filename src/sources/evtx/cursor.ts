import { EvtxFormatError } from './errors.js';

/**
 * A bounds-checked little-endian reader over one buffer (a chunk, usually). Every read checks
 * against `end` first, so a lying size or offset raises EvtxFormatError instead of reading
 * outside the structure it belongs to.
 */
export class Cursor {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos: number;
  end: number;

  constructor(bytes: Uint8Array, view: DataView, pos: number, end: number) {
    this.bytes = bytes;
    this.view = view;
    this.pos = pos;
    this.end = end;
  }

  /** Throws unless `n` more bytes are available before `end`. */
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new EvtxFormatError(
        `${what} at offset 0x${this.pos.toString(16)} needs ${n} bytes but only ${this.end - this.pos} remain`,
      );
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  u16(what: string): number {
    this.need(2, what);
    const value = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return value;
  }

  skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }
}
