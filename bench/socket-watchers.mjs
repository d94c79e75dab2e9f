// bench/sockets.ts's watchers, in a process of their own (as browsers are): opens a socket per
// ticket it is sent, says "open" once all are, counts what they receive, and on "close" answers the
// count and exits.
import WebSocket from "ws";

const sockets = [];
let received = 0;
process.on("message", async (m) => {
  if (m.type === "open") {
    await Promise.all(
      m.tickets.map(
        (ticket) =>
          new Promise((resolve, reject) => {
            const ws = new WebSocket(`${m.base.replace("http", "ws")}/v1/socket?ticket=${ticket}`);
            ws.once("open", resolve);
            ws.once("error", reject);
            ws.on("message", () => received++);
            sockets.push(ws);
          }),
      ),
    );
    process.send({ type: "open", count: sockets.length });
  } else if (m.type === "close") {
    for (const ws of sockets) ws.close();
    process.send({ type: "closed", received }, () => process.exit(0));
  }
});
