// Preloaded into a process whose peak memory the campaign measures: at exit, its own
// getrusage(RUSAGE_SELF).ru_maxrss (KiB) goes to the file named by NLWIRE_PEAK_RSS_FILE.
import { writeFileSync } from 'node:fs'

const file = process.env.NLWIRE_PEAK_RSS_FILE
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)))
