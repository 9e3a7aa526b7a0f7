# Listeners of the kmsdoctor lab, run with /usr/bin/python3 inside the
# server namespace. Modes:
#   kms ADDR PORT     impacket's DCERPCServer with the KMS interface
#                     51c82175-844e-4750-b0d8-ec255555bc06 v1.0 registered:
#                     it accepts the bind (and would serve nothing after it).
#   epm ADDR PORT     the same server with only the endpoint mapper
#                     interface registered: it closes the connection on a
#                     KMS bind.
#   http ADDR PORT    answers whatever it receives with an HTTP 400, as a
#                     proxy or web server in front of the port would.
#   silent ADDR...    accepts TCP on ADDR:1688 and never answers.
import socket
import sys
import threading


def dcerpc(addr, port, uuid):
    from impacket.dcerpc.v5.rpcrt import DCERPCServer
    s = DCERPCServer()
    s._listenAddress, s._listenPort = addr, port
    # setListenPort() opens its socket without SO_REUSEADDR; bind by hand.
    s._sock = socket.socket()
    s._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s._sock.bind((addr, port))
    s.addCallbacks((uuid, "1.0"), str(port), {})
    print("listening", addr, port, flush=True)
    s.run()


def serve(addrs, handle):
    socks = []
    for a in addrs:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((a, 1688 if ":" not in a else int(a.split(":")[1])))
        s.listen(16)
        socks.append(s)
    print("listening", addrs, flush=True)

    def loop(s):
        while True:
            c, _ = s.accept()
            threading.Thread(target=handle, args=(c,), daemon=True).start()

    for s in socks[1:]:
        threading.Thread(target=loop, args=(s,), daemon=True).start()
    loop(socks[0])


def http(c):
    try:
        if c.recv(4096):
            c.sendall(b"HTTP/1.1 400 Bad Request\r\nServer: lab-proxy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    finally:
        c.close()


def silent(c):
    try:
        while c.recv(4096):
            pass
    finally:
        c.close()


mode = sys.argv[1]
if mode == "kms":
    dcerpc(sys.argv[2], int(sys.argv[3]), "51c82175-844e-4750-b0d8-ec255555bc06")
elif mode == "epm":
    dcerpc(sys.argv[2], int(sys.argv[3]), "e1af8308-5d1f-11c9-91a4-08002b14a0fa")
elif mode == "http":
    serve([sys.argv[2]], http)
elif mode == "silent":
    serve(sys.argv[2:], silent)
else:
    sys.exit("unknown mode " + mode)
