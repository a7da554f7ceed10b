#!/usr/bin/env bash
# A throw-away certificate authority and certificates for the TLS tests (never for production):
#   test-ca.sh DIR   writes into DIR
#     ca.pem                      the test CA (what RAPPORT_TEST_CA_FILE names)
#     server.pem, server.key      127.0.0.1 / localhost, signed by the test CA
#     rogue.pem, rogue.key        127.0.0.1 / localhost, self-signed: a certificate the CA never signed
set -euo pipefail
dir=${1:?usage: test-ca.sh DIR}
mkdir -p "$dir"
cd "$dir"
san="subjectAltName=IP:127.0.0.1,DNS:localhost"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Rapport test CA" -keyout ca.key -out ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr 2>/dev/null
printf '%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$san" > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -keyout rogue.key -out rogue.pem -addext "$san" 2>/dev/null
rm -f server.csr server.ext ca.srl
