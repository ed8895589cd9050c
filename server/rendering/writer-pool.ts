import { ByteWriter } from './byte-writer.js';

/**
 * Reuses the ~1 MB buffers pages are rendered into. A fresh buffer per response costs page
 * faults on every request and leaves the garbage collector a megabyte of external memory to
 * find each time, which lets RSS climb during a long walk; a recycled one costs neither.
 */
export class WriterPool {
  private readonly idle: ByteWriter[] = [];

  constructor(private readonly maxIdle: number) {}

  acquire(): ByteWriter {
    const writer = this.idle.pop() ?? new ByteWriter();
    writer.reset();
    return writer;
  }

  /** Call once the response that carried the writer's bytes is finished or abandoned. */
  release(writer: ByteWriter): void {
    if (this.idle.length < this.maxIdle) this.idle.push(writer);
  }
}
