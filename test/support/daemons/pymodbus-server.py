#!/usr/bin/python3
"""A real Modbus/TCP server for mamori's probe tests: Debian's python3-pymodbus (3.0) TCP server with a
configurable Device Identification (function 0x2B / MEI 0x0E). Binds HOST:PORT (PORT 0 = any free
port), prints "LISTENING <port>" on stdout once accepting, and runs until SIGTERM/SIGINT.
Started and stopped by test/support/daemons/pymodbus.ts."""
import argparse
import asyncio
import signal
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.device import ModbusDeviceIdentification
from pymodbus.server import StartAsyncTcpServer


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, default=0)
    for name in ("vendor-name", "product-code", "revision", "vendor-url", "product-name", "model-name", "app-name"):
        p.add_argument(f"--{name}", default="")
    a = p.parse_args()

    block = lambda: ModbusSequentialDataBlock(0, [0] * 100)  # noqa: E731
    store = ModbusSlaveContext(di=block(), co=block(), hr=block(), ir=block())
    context = ModbusServerContext(slaves=store, single=True)
    identity = ModbusDeviceIdentification(
        info_name={
            "VendorName": a.vendor_name,
            "ProductCode": a.product_code,
            "MajorMinorRevision": a.revision,
            "VendorUrl": a.vendor_url,
            "ProductName": a.product_name,
            "ModelName": a.model_name,
            "UserApplicationName": a.app_name,
        }
    )
    server = await StartAsyncTcpServer(context=context, identity=identity, address=(a.host, a.port), defer_start=True)
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    port = server.server.sockets[0].getsockname()[1]
    print(f"LISTENING {port}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    task.cancel()
    await server.server_close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    sys.exit(0)
