package evidence

// AzureDoc is one recognised Azure CLI JSON document (effective routes,
// route table, NSG, effective NSG, NIC, load balancer). Kind names the
// document type; the azure reader fills the typed parts.
type AzureDoc struct {
	Kind   string
	Name   string
	Source Source
}
