// The words the tools use when they cannot start, in one place, so a failed module load
// (tools.js) and a failed engine (engine-client.js) say the same thing. They name the network,
// the usual cause on a phone, and never blame the reader's browser; they say the answers are kept
// and offer the printable checklist.

/** The engine or a tool's program file did not load (a request failed). */
export const FAILURE_TEXT =
  "抱歉，工具没能启动：需要的文件没有下载完整，多半是网络刚才断了。" +
  "请检查网络后点“重试”；你已经填的回答都还在。也可以先用可打印的准备清单。";

/** The download went quiet: no byte has arrived for a while. */
export const STALLED_TEXT =
  "网络好像断了：工具需要的文件已经有一阵子没有收到新的数据。" +
  "请检查网络（或换个信号好的地方）后点“重试”；你已经填的回答都还在。也可以先用可打印的准备清单。";

/** The only case that is about the browser: it lacks what the tools need at all. */
export const UNSUPPORTED_TEXT =
  "这个浏览器无法运行这个工具（需要较新的浏览器）。你可以换一个浏览器打开，或者改用可打印的准备清单。";

export const RETRY_LABEL = "重试";

/** "约 12.9 MB" for a byte count (one decimal, the way a phone's data meter shows it). */
export function megabytes(bytes) {
  return `约 ${(bytes / 1e6).toFixed(1)} MB`;
}
