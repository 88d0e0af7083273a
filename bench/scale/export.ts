// The JSON Lines export of a large inbox (default 100 000 conversations, 1 000 000 messages) through the public
// API: the background job's duration and file size, then the download, while this process samples the service's
// resident memory from /proc every 50 ms. The point is the peak against the idle figure: the export streams, so
// a million messages must not show up as hundreds of megabytes of heap.
import type { Admin } from '../lib/api.js';
import { call } from '../lib/api.js';
import { rssBytes } from '../lib/processes.js';

const MB = (b: number) => Math.round(b / 1024 / 1024);

/** Samples a process's RSS until stopped; the peak and the sample count come back. */
function sampleRss(pid: number, everyMs = 50) {
  let peak = rssBytes(pid);
  let samples = 1;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
    samples++;
  }, everyMs);
  return { stop: () => { clearInterval(timer); return { peak: Math.max(peak, rssBytes(pid)), samples }; } };
}

interface ExportStatus { status: string; processed: number; total: number; bytes: number; statusUrl: string; downloadUrl: string | null; error: string | null }

export async function benchExport(admin: Admin, pid: number, idleRss: number) {
  const started = performance.now();
  const job = sampleRss(pid);
  let st = await call<ExportStatus>(admin.url, 'GET', '/api/conversations/export?format=jsonl&status=all', admin.token);
  while (st.status !== 'done') {
    if (st.status === 'failed') throw new Error(`export failed: ${st.error}`);
    await new Promise((r) => setTimeout(r, 250));
    st = await call<ExportStatus>(admin.url, 'GET', st.statusUrl, admin.token);
  }
  const jobSeconds = (performance.now() - started) / 1000;
  const jobMem = job.stop();

  // The download streams the stored pieces; this process counts bytes and lines and keeps none of them.
  const download = sampleRss(pid);
  const at = performance.now();
  const res = await fetch(admin.url + st.downloadUrl!, { headers: { authorization: `Bearer ${admin.token}` } });
  if (!res.ok || !res.body) throw new Error(`download failed: ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const downloadSeconds = (performance.now() - at) / 1000;
  const downloadMem = download.stop();
  if (bytes !== st.bytes) throw new Error(`downloaded ${bytes} bytes, the job reported ${st.bytes}`);
  if (lines !== st.total) throw new Error(`downloaded ${lines} lines for ${st.total} conversations`);

  return {
    conversations: st.total, bytes, fileMB: MB(bytes),
    jobSeconds: Math.round(jobSeconds * 10) / 10, downloadSeconds: Math.round(downloadSeconds * 10) / 10,
    idleRssMB: MB(idleRss), peakRssDuringJobMB: MB(jobMem.peak), peakRssDuringDownloadMB: MB(downloadMem.peak),
    peakOverIdleMB: MB(Math.max(jobMem.peak, downloadMem.peak) - idleRss), rssSamples: jobMem.samples + downloadMem.samples,
  };
}
