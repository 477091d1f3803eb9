// Reachability without the ping binary: a UDP echo between two network namespaces, each end a
// Node process started inside its namespace by nsenter (util-linux, on every Debian machine).
// The demo uses it when iputils-ping is not installed. Bounded: every step has a deadline.
import { spawn } from 'node:child_process'

// The echo server: binds a free port, prints it, echoes every datagram; exits when its stdin closes.
const SERVER = `
const s = require('node:dgram').createSocket('udp4')
s.on('message', (m, r) => s.send(m, r.port, r.address))
s.bind(0, () => console.log(s.address().port))
process.stdin.on('end', () => process.exit(0)).resume()
setTimeout(() => process.exit(3), 60000)
`

// The client: sends a token every 200 ms (the first may wait for ARP) until it comes back, 20 tries.
const CLIENT = `
const [addr, port] = process.argv.slice(1)
const s = require('node:dgram').createSocket('udp4')
const token = 'nlwire-' + process.pid
let tries = 0
s.on('message', (m) => { if (String(m) === token) process.exit(0) })
const send = () => { if (++tries > 20) process.exit(1); s.send(token, Number(port), addr); setTimeout(send, 200) }
send()
`

function inNetns(netns: string, code: string, args: string[] = []) {
  return spawn('nsenter', [`--net=/run/netns/${netns}`, '--', process.execPath, '-e', code, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
}

/** Does a UDP datagram from namespace `from` reach `addr` (an address in namespace `to`) and come back? */
export async function udpReach(from: string, to: string, addr: string): Promise<boolean> {
  const server = inNetns(to, SERVER)
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the UDP echo server in ${to} did not start`)), 10_000)
      server.on('error', (e) => (clearTimeout(timer), reject(new Error(`cannot start nsenter: ${e.message}`))))
      server.stdout.setEncoding('utf8').once('data', (s: string) => (clearTimeout(timer), resolve(Number(s.trim()))))
      server.on('exit', (code) => (clearTimeout(timer), reject(new Error(`the UDP echo server in ${to} exited (${code})`))))
    })
    const client = inNetns(from, CLIENT, [addr, String(port)])
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => (client.kill('SIGKILL'), resolve(false)), 15_000)
      client.on('error', () => (clearTimeout(timer), resolve(false)))
      client.on('exit', (code) => (clearTimeout(timer), resolve(code === 0)))
    })
  } finally {
    server.stdin.end()
    server.kill()
  }
}
