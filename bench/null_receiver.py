"""A beacon receiver that does nothing but HTTP: answers every request 204 (bench only).

bench/analytics_bench.py sends the beacons here for a control run: the pages' loss with
500 beacons/s arriving at this is what the load generator and the kernel's networking cost
on this machine, whoever answers; the beacon collector's own cost is what it loses beyond.
The same HTTP parts as the collector (httptools on uvloop), without checking or counting,
and at the same CPU priority (NICE, as the collector's ``--nice``; 0 keeps it).

    python bench/null_receiver.py PORT [NICE]
"""

import asyncio
import os
import sys

import httptools
import uvloop

ANSWER = b"HTTP/1.1 204 No Content\r\ncache-control: no-store\r\ncontent-length: 0\r\n\r\n"


class Receiver(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.parser = httptools.HttpRequestParser(self)

    def data_received(self, data):
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self.transport.close()

    def on_message_complete(self):
        self.transport.write(ANSWER)


async def main(port):
    server = await asyncio.get_running_loop().create_server(Receiver, "127.0.0.1", port)
    await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) > 2 and int(sys.argv[2]):
        os.nice(int(sys.argv[2]))
    uvloop.run(main(int(sys.argv[1])))
