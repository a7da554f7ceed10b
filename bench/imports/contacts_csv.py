# The contacts file of the import benchmarks (bench/import.sh, bench/import_cpu.sh) on stdout:
# N HubSpot-shaped rows, a company (by name and domain) a ten contacts, a tenth of them customers
# (the list page bench/import.sh reads during the import shows customers).
# Usage: python3 bench/imports/contacts_csv.py N
import sys

n = int(sys.argv[1])
w = sys.stdout.write
w("First Name,Last Name,Email,Job Title,Lifecycle Stage,Company Name,Company Domain Name\n")
stages = ["lead", "subscriber", "opportunity", "other", "customer", "lead", "lead", "subscriber", "other", "opportunity"]
for i in range(n):
    c = i // 10
    w(f"First{i % 997},Last{i},person{i}@mail{i % 101}.example,Title {i % 37},{stages[i % 10]},Company {c},company{c}.example\n")
