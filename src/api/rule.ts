// nl.rule: policy routing rules (`ip rule`).
import type { RuleMessage } from '../../codecs/index.js'
import { RTM_NEWRULE } from '../../codecs/rtnetlink.js'
import { AF_UNSPEC } from '../../codecs/address-families.js'
import type { ApiContext } from './context.js'
import { ApiError } from './errors.js'
import { type RuleSpec, dumpRules, ruleMessage } from './rule-requests.js'
import { type Rule, toRule } from './views.js'
import { type Family, FAMILY_NUMBER } from './views.js'

export type { RuleSpec } from './rule-requests.js'

export class RuleApi {
  constructor(private readonly ctx: ApiContext) {}

  /** `ip rule add SELECTOR ACTION` */
  async add(spec: RuleSpec): Promise<void> {
    const msg = ruleMessage('add', spec)
    await this.ctx.request(msg, { operation: 'rule.add', object: label(spec), details: { priority: spec.priority, goto: spec.goto } })
  }

  /**
   * `ip rule del SELECTOR`: the kernel deletes the first rule matching every field given (a
   * priority alone is enough); ENOENT when none does.
   */
  async del(spec: RuleSpec): Promise<void> {
    const msg = ruleMessage('del', spec)
    await this.ctx.request(msg, { operation: 'rule.del', object: label(spec) })
  }

  /** `ip rule list`: IPv4 rules unless told ('all': both families). */
  async list(filter: { family?: Family | 'all' } = {}): Promise<Rule[]> {
    const f = filter.family ?? 'inet'
    if (f !== 'all' && !(f in FAMILY_NUMBER)) throw new ApiError(`rule.list: family must be 'inet', 'inet6' or 'all'`)
    const parts = await this.ctx.dump(dumpRules(f === 'all' ? AF_UNSPEC : FAMILY_NUMBER[f]), { operation: 'rule.list' })
    return parts.filter((m): m is RuleMessage => m.type === RTM_NEWRULE).map((m) => toRule(m.body))
  }
}

/** How errors name a rule: its priority when known, else its selector. */
function label(s: RuleSpec): string {
  const parts: string[] = []
  if (s.priority !== undefined) parts.push(`pref ${s.priority}`)
  if (s.from !== undefined) parts.push(`from ${s.from}`)
  if (s.to !== undefined) parts.push(`to ${s.to}`)
  if (s.fwmark !== undefined) parts.push(`fwmark 0x${s.fwmark.toString(16)}`)
  if (s.table !== undefined) parts.push(`table ${String(s.table)}`)
  return parts.length > 0 ? parts.join(' ') : 'rule'
}
