# Static addressing for one sandbox VM (cloud-init network config v2, seed
# 003: no DHCP, the address is set before any service starts). Rendered by
# Terraform's templatefile() at apply.
version: 2
ethernets:
  primary:
    match:
      name: "en*"
    dhcp4: false
    dhcp6: false
    addresses: [${jsonencode("${ip_address}/${prefix_length}")}]
    routes:
      - to: 0.0.0.0/0
        via: ${jsonencode(gateway)}
    nameservers:
      addresses: ${jsonencode(dns_servers)}
