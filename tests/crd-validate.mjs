// Checks rendered custom resources against their CRDs' schemas (the compiled
// validators of npm @kubernetes-models/*, installed into .tools/crd-models by
// scripts/install-tools.sh): kubernetes-validate knows only Kubernetes' own kinds.
//
//   node tests/crd-validate.mjs < objects.json     (a JSON array of objects)
//
// Prints one line per problem and exits 1 when there is any; an object of a kind
// with no schema here is a problem too.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const models = join(dirname(fileURLToPath(import.meta.url)), '..', '.tools', 'crd-models', 'node_modules', '@kubernetes-models');
const kinds = {
  'monitoring.coreos.com/v1 ServiceMonitor': 'prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor.js',
  'monitoring.coreos.com/v1 PodMonitor': 'prometheus-operator/monitoring.coreos.com/v1/PodMonitor.js',
  'monitoring.coreos.com/v1 PrometheusRule': 'prometheus-operator/monitoring.coreos.com/v1/PrometheusRule.js',
  'gateway.networking.k8s.io/v1 HTTPRoute': 'gateway-api/gateway.networking.k8s.io/v1/HTTPRoute.js',
};

const objects = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const object of objects) {
  const key = `${object.apiVersion} ${object.kind}`;
  const file = kinds[key];
  const name = `${object.kind}/${object.metadata?.name}`;
  if (!file) {
    problems.push(`${name}: no schema for ${key}`);
    continue;
  }
  const module = await import(pathToFileURL(join(models, file)).href);
  const Model = module[object.kind];
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${name}: ${e.message}`);
  }
}
for (const p of problems) console.log(p);
console.log(`${objects.length} custom resource(s) checked, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
