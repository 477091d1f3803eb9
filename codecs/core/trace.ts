// Annotation: the same decoders, with a tracer attached, record every field they read — offset,
// length, kernel name, value — as a tree. `nlwire decode`, `monitor --hex` and NetlinkError's
// detailed view print it. With no tracer attached the decoders pay one null check per attribute.

export interface TraceNode {
  /** Kernel name: 'RTM_NEWLINK', 'nlmsghdr', 'ifinfomsg', 'IFLA_MTU', 'ifiIndex' ... */
  name: string
  /** Absolute byte offset of the field (an attribute: its header). */
  offset: number
  /** Bytes the field occupies (an attribute: nla_len, header included, padding excluded). */
  length: number
  /** The attribute's type word (flags included), for attributes. */
  attrType?: number
  /** The decoded value, for leaves (and for nodes decoded as a whole). */
  value?: unknown
  children?: TraceNode[]
  /** How the value should be shown: enum/flag names come from the attribute's table. */
  spec?: { enumNames?: Readonly<Record<number, string>>; flagNames?: Readonly<Record<number, string>> }
}

export class Tracer {
  readonly root: TraceNode[] = []
  private readonly stack: TraceNode[] = []

  open(node: TraceNode): void {
    const parent = this.stack[this.stack.length - 1]
    if (parent) (parent.children ??= []).push(node)
    else this.root.push(node)
    this.stack.push(node)
  }

  /** Close the innermost node; leaves get their value. */
  close(value?: unknown): void {
    const node = this.stack.pop()
    if (node && value !== undefined && node.children === undefined) node.value = value
  }

  leaf(node: TraceNode): void {
    const parent = this.stack[this.stack.length - 1]
    if (parent) (parent.children ??= []).push(node)
    else this.root.push(node)
  }

  /** Nodes still open (decoding stopped inside them). */
  get depth(): number {
    return this.stack.length
  }

  /** After a decode error: close whatever was left open so the partial tree is well formed. */
  unwind(): void {
    this.stack.length = 0
  }
}
