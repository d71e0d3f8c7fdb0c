// Points are stored as raw little-endian float64 bytes (8 bytes a value) in Postgres `bytea` columns: compact, exact
// (NaN gaps included) and decoded without parsing.

const littleEndianPlatform = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

export function encodeFloat64(values: Float64Array): Uint8Array {
  if (littleEndianPlatform) {
    return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  }
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return bytes;
}

export function decodeFloat64(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength % 8 !== 0) {
    throw new RangeError(`Stored points are ${bytes.byteLength} bytes long, which is not a whole number of float64 values.`);
  }
  const count = bytes.byteLength / 8;
  if (littleEndianPlatform) {
    // Copy: a Buffer from the database driver may start at an offset that is not a multiple of 8.
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return new Float64Array(copy.buffer, 0, count);
  }
  const values = new Float64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}
