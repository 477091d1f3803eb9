// Address and prefix text as users write it ('192.168.88.1/24', '2001:db8::1', 'default' is the
// callers' business), read once for every request builder.
import { parseIP } from '../../codecs/core/addresses.js'
import { AF_INET, AF_INET6 } from '../../codecs/address-families.js'
import { ApiError } from './errors.js'

export interface Prefix {
  family: number
  address: string
  len: number
}

/** '192.168.88.1/24', '2001:db8::1/64', '10.0.0.1' (a host) → family, address, length. */
export function parsePrefix(text: string, what = 'address'): Prefix {
  const slash = text.indexOf('/')
  const address = slash === -1 ? text : text.slice(0, slash)
  const bytes = parseIP(address)
  if (bytes === null) throw new ApiError(`${what} '${text}' is not an IPv4 or IPv6 address (with an optional /prefix length)`)
  const family = bytes.length === 4 ? AF_INET : AF_INET6
  const max = bytes.length * 8
  const len = slash === -1 ? max : Number(text.slice(slash + 1))
  if (!Number.isInteger(len) || len < 0 || len > max || (slash !== -1 && !/^\d+$/.test(text.slice(slash + 1)))) {
    throw new ApiError(`${what} '${text}': the prefix length must be 0..${max}`)
  }
  return { family, address, len }
}

/** AF_INET or AF_INET6 of an address (or prefix) text. */
export function familyOf(address: string, what: string): number {
  return parsePrefix(address, what).family
}
