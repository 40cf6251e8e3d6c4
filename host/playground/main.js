var rt="http://www.w3.org/2000/svg";function ue(e,t){if(!e||typeof e!="object"||!t)return!1;let a=Object.keys(e);return a.length>0&&a.every(o=>String(t[o])===String(e[o]))}function f(e,...t){let a=e;for(let o of t){if(a==null||typeof a!="object")return;a=a[o]}return a}function P(e){return Array.isArray(e)?e:[]}var me=["Deployment","StatefulSet","DaemonSet"],it=["ConfigMap","Secret","ServiceAccount","PersistentVolumeClaim"];function lt(e){let t=e.object,a=f(t,"spec")||{};switch(e.kind){case"Ingress":{let o=P(a.rules).map(l=>l.host).filter(Boolean),n=P(a.tls).length?"https":"http";return o.length?`${n}://${o[0]}${o.length>1?` +${o.length-1}`:""}`:`${n}, any host`}case"HTTPRoute":{let o=P(a.hostnames),n=f(P(a.parentRefs)[0]||{},"name"),l=n?` via ${n}`:"";return o.length?`${o[0]}${o.length>1?` +${o.length-1}`:""}${l}`:`any host${l}`}case"Service":{let o=P(a.ports).map(n=>n.port).filter(n=>n!=null);return`${a.type||"ClusterIP"}${o.length?` :${o.join(", :")}`:""}`}case"Deployment":case"StatefulSet":return a.replicas!=null?`${a.replicas} replica${String(a.replicas)==="1"?"":"s"}`:"replicas set by the HPA";case"HorizontalPodAutoscaler":{let o=P(a.metrics).map(n=>{let l=f(n,"resource","target","averageUtilization"),p=f(n,"resource","name");return l!=null?`${p==="memory"?"mem":p} ${l}%`:null}).filter(Boolean);return`${a.minReplicas??1}\u2013${a.maxReplicas??"?"} pods${o.length?` \xB7 ${o.join(" \xB7 ")}`:""}`}case"PodDisruptionBudget":return a.minAvailable!=null?`minAvailable ${a.minAvailable}`:a.maxUnavailable!=null?`maxUnavailable ${a.maxUnavailable}`:"";case"ConfigMap":case"Secret":{let o=Object.keys(f(t,"data")||{}).length+Object.keys(f(t,"stringData")||{}).length;return`${o} key${o===1?"":"s"}`}case"ServiceAccount":return f(t,"automountServiceAccountToken")===!1?"no token mounted":"";default:return""}}function ct(e){let t=e.filter(s=>!s.hook),a=s=>t.filter(m=>m.kind===s),o=s=>`${s.kind}/${s.name}`,n=[],l=t.filter(s=>me.includes(s.kind)),p=s=>f(s.object,"spec","template","metadata","labels")||{};for(let s of a("Ingress")){let m=new Set,i=[...P(f(s.object,"spec","rules")).flatMap(h=>P(f(h,"http","paths"))),...f(s.object,"spec","defaultBackend")?[{path:"(default)",backend:f(s.object,"spec","defaultBackend")}]:[]];for(let h of i){let d=f(h,"backend","service","name"),g=f(h,"backend","service","port","number")??f(h,"backend","service","port","name");!d||m.has(d)||(m.add(d),n.push({from:o(s),to:`Service/${d}`,label:`${h.path||"/"}${g!=null?` \u2192 :${g}`:""}`}))}}for(let s of a("HTTPRoute")){let m=new Set;for(let i of P(f(s.object,"spec","rules"))){let h=f(P(f(i,"matches"))[0]||{},"path","value");for(let d of P(f(i,"backendRefs")))!d.name||d.kind&&d.kind!=="Service"||m.has(d.name)||(m.add(d.name),n.push({from:o(s),to:`Service/${d.name}`,label:`${h||"/"}${d.port!=null?` \u2192 :${d.port}`:""}`}))}}for(let s of a("Service")){let m=f(s.object,"spec","selector");for(let i of l)ue(m,p(i))&&n.push({from:o(s),to:o(i),label:"selects pods"})}for(let s of a("HorizontalPodAutoscaler")){let m=f(s.object,"spec","scaleTargetRef")||{};n.push({from:o(s),to:`${m.kind}/${m.name}`,label:"scales"})}for(let s of a("PodDisruptionBudget")){let m=f(s.object,"spec","selector","matchLabels");for(let i of l)ue(m,p(i))&&n.push({from:o(s),to:o(i),label:"guards"})}for(let s of l){let m=f(s.object,"spec","template","spec")||{},i=new Map,h=(d,g,S)=>{g&&!i.has(`${d}/${g}`)&&i.set(`${d}/${g}`,S)};m.serviceAccountName&&h("ServiceAccount",m.serviceAccountName,"runs as");for(let d of[...P(m.initContainers),...P(m.containers)]){for(let g of P(d.envFrom))h("ConfigMap",f(g,"configMapRef","name"),"envFrom"),h("Secret",f(g,"secretRef","name"),"envFrom");for(let g of P(d.env))h("ConfigMap",f(g,"valueFrom","configMapKeyRef","name"),"env"),h("Secret",f(g,"valueFrom","secretKeyRef","name"),"env")}for(let d of P(m.volumes))h("ConfigMap",f(d,"configMap","name"),"volume"),h("Secret",f(d,"secret","secretName"),"volume"),h("PersistentVolumeClaim",f(d,"persistentVolumeClaim","claimName"),"volume");for(let[d,g]of i)n.push({from:o(s),to:d,label:g})}let u=a("NetworkPolicy").map(s=>{let m=f(s.object,"spec","podSelector","matchLabels"),i=P(f(s.object,"spec","policyTypes"));return{id:o(s),name:s.name,types:i,around:l.filter(h=>ue(m,p(h))).map(o)}}),k=new Set(u.filter(s=>s.around.length).map(s=>s.id)),r=t.filter(s=>!k.has(o(s))).map(s=>({id:o(s),kind:s.kind,name:s.name,detail:lt(s)})),b=new Set(r.map(s=>s.id));for(let s of n)if(!b.has(s.to)){let[m,...i]=s.to.split("/");r.push({id:s.to,kind:m,name:i.join("/"),detail:"not rendered: must exist",external:!0}),b.add(s.to)}return{nodes:r,edges:n,netpols:u}}function dt(e){let t={ingress:[],service:[],left:[],work:[],right:[],refs:[],other:[]};for(let r of e.nodes)r.kind==="Ingress"||r.kind==="HTTPRoute"?t.ingress.push(r):r.kind==="Service"?t.service.push(r):r.kind==="HorizontalPodAutoscaler"?t.left.push(r):me.includes(r.kind)?t.work.push(r):r.kind==="PodDisruptionBudget"?t.right.push(r):it.includes(r.kind)?t.refs.push(r):t.other.push(r);let a=3,o=r=>14+r*254,n=28+a*190+(a-1)*64,l=new Map,p=e.netpols.some(r=>r.around.length),u=14,k=r=>{for(let b=0;b<r.length;b+=a){let s=r.slice(b,b+a),m=s.length*190+(s.length-1)*64,i=(n-m)/2;s.forEach((h,d)=>l.set(h.id,{x:i+d*254,y:u})),u+=78}};if(k(t.ingress),k(t.service),t.work.length||t.left.length||t.right.length){p&&(u+=26);let r=Math.max(t.work.length,t.left.length,t.right.length,1),b=(s,m)=>s.forEach((i,h)=>l.set(i.id,{x:o(m),y:u+h*78}));b(t.left,0),b(t.work,1),b(t.right,2),u+=r*78+(p?10:0)}return k(t.refs),k(t.other),{pos:l,width:n,height:Math.max(u-30+14,60)}}function x(e,t,a){let o=document.createElementNS(rt,e);for(let[n,l]of Object.entries(t||{}))o.setAttribute(n,String(l));return a&&a.appendChild(o),o}function O(e,t,a,o,n){let l=x("text",{x:t,y:a,class:o},e);return l.textContent=n,l}function pe(e,t){return e.length>t?`${e.slice(0,t-1)}\u2026`:e}var ut={HorizontalPodAutoscaler:"HPA",PodDisruptionBudget:"PDB"};function Te(e,t,a){let o=e.x+95,n=e.y+48/2,l=t-o,p=a-n;if(l===0&&p===0)return{x:o,y:n};let u=l!==0?190/2/Math.abs(l):1/0,k=p!==0?48/2/Math.abs(p):1/0,r=Math.min(u,k);return{x:o+l*r,y:n+p*r}}function Me(e,t,a,o){let n=ct(t),l=JSON.stringify(n)+"|"+a;if(e.dataset.signature===l)return;e.dataset.signature=l;let{pos:p,width:u,height:k}=dt(n),r=x("svg",{viewBox:`0 0 ${u} ${k}`,width:u,height:k,role:"group","aria-label":`Diagram: ${n.nodes.length} objects and how they connect`}),b=x("defs",{},r),s=x("marker",{id:"arrow",viewBox:"0 0 10 10",refX:9,refY:5,markerWidth:7,markerHeight:7,orient:"auto-start-reverse"},b);x("path",{d:"M0,0 L10,5 L0,10 z",class:"arrow"},s),n.nodes.length||O(r,14,30,"empty","No objects rendered."),n.netpols.forEach((i,h)=>{let d=i.around.map(E=>p.get(E)).filter(Boolean);if(!d.length)return;let g=10+h*5,S=Math.min(...d.map(E=>E.x))-g,$=Math.min(...d.map(E=>E.y))-g-16,D=Math.max(...d.map(E=>E.x+190))+g,j=Math.max(...d.map(E=>E.y+48))+g,B=x("g",{class:"netpol-group"},r);x("rect",{x:S,y:$,width:D-S,height:j-$,rx:10,class:"netpol"},B);let de=`NetworkPolicy${i.types.length?` \xB7 ${i.types.join(" + ")}`:""}`,V=O(B,S+8,$+12,"netpol-label",de),J=x("title",{},V);J.textContent=`NetworkPolicy ${i.name}`,$e(V,"NetworkPolicy",i.name,o)});for(let i of n.edges){let h=p.get(i.from),d=p.get(i.to);if(!h||!d)continue;let g=Te(h,d.x+190/2,d.y+48/2),S=Te(d,h.x+190/2,h.y+48/2);if(x("line",{x1:g.x,y1:g.y,x2:S.x,y2:S.y,class:"edge","marker-end":"url(#arrow)"},r),!i.label)continue;let $=Math.abs(S.y-g.y)<1,D=Math.abs(S.x-g.x)<1,j=(g.x+S.x)/2,B=(g.y+S.y)/2,de=me.includes(i.to.split("/")[0]),V=$?B-6:D&&de?Math.min(g.y,S.y)+14:B+4,J=O(r,D?j+7:j,V,"edge-label",pe(i.label,32));J.setAttribute("text-anchor",D?"start":$?"middle":S.x<g.x?"end":"start"),!D&&!$&&J.setAttribute("x",String(j+(S.x<g.x?-6:6)))}for(let i of n.nodes){let h=p.get(i.id),d=x("g",{class:`node${i.id===a?" selected":""}${i.external?" external":""}`,transform:`translate(${h.x},${h.y})`,"data-kind":i.kind,"data-name":i.name},r),g=x("rect",{width:190,height:48,rx:7},d);i.external&&g.setAttribute("stroke-dasharray","4 3"),O(d,10,14,"kind",ut[i.kind]||i.kind),O(d,10,29,"name",pe(i.name,26)),i.detail&&O(d,10,42,"detail",pe(i.detail,34));let S=x("title",{},d);S.textContent=`${i.kind} ${i.name}${i.detail?` (${i.detail})`:""}`,i.external||$e(d,i.kind,i.name,o)}let m=e.contains(document.activeElement)?document.activeElement.getAttribute("aria-label"):null;if(e.replaceChildren(r),m)for(let i of r.querySelectorAll('[role="button"]'))i.getAttribute("aria-label")===m&&i.focus()}function $e(e,t,a,o){e.setAttribute("tabindex","0"),e.setAttribute("role","button"),e.setAttribute("aria-label",`Show ${t} ${a}`),e.addEventListener("click",()=>o(t,a)),e.addEventListener("keydown",n=>{(n.key==="Enter"||n.key===" ")&&(n.preventDefault(),o(t,a))})}var De="aac-playground/v1";function pt(e){let t="";for(let a=0;a<e.length;a+=32768)t+=String.fromCharCode.apply(null,e.subarray(a,a+32768));return btoa(t).replace(/\+/g,"-").replace(/\//g,"_").replace(/=+$/,"")}function mt(e){let t=e.replace(/-/g,"+").replace(/_/g,"/"),a=atob(t+"=".repeat((4-t.length%4)%4)),o=new Uint8Array(a.length);for(let n=0;n<a.length;n++)o[n]=a.charCodeAt(n);return o}async function Oe(e,t){let a=new Blob([e]).stream().pipeThrough(t);return new Uint8Array(await new Response(a).arrayBuffer())}async function Ie(e){let t=JSON.stringify({v:e.values,p:e.preset,r:e.release,n:e.namespace}),a=await Oe(new TextEncoder().encode(t),new CompressionStream("deflate-raw"));return"#s="+pt(a)}async function ht(e){if(!e||!e.startsWith("#s="))return null;try{let t=await Oe(mt(e.slice(3)),new DecompressionStream("deflate-raw")),a=JSON.parse(new TextDecoder().decode(t));return typeof a.v!="string"?null:{values:a.v,preset:typeof a.p=="string"?a.p:"custom",release:typeof a.r=="string"?a.r:"",namespace:typeof a.n=="string"?a.n:""}}catch{return null}}function ft(){try{let e=JSON.parse(localStorage.getItem(De)||"null");if(e&&e.state&&typeof e.state.values=="string")return e}catch{}return null}function Y(e,t){try{localStorage.setItem(De,JSON.stringify({state:e,hash:t||""}))}catch{}}async function _e(e){let t=location.hash,a=ft();if(t&&(!a||a.hash!==t)){let o=await ht(t);if(o)return{state:o,source:"link"}}return a?{state:{...e,...a.state},source:"local"}:{state:e,source:"new"}}var he=`# yaml-language-server: $schema=values.schema.json
# Default values for ai-agent-connector.
# Every key is documented with a \`## @param\` comment; the parameters table in
# README.md is generated from these comments (see the README's "Parameters").

## @section Global parameters
## Shared by an umbrella chart with all its subcharts (Helm passes \`global\` to each).
## The chart also accepts \`enabled\`, for \`condition: ai-agent-connector.enabled\` in an umbrella chart.

global:
  ## @param global.imageRegistry Registry of every image of the chart (overrides \`image.registry\`), e.g. a pull-through mirror
  imageRegistry: ""
  ## @param global.imagePullSecrets Pull secrets of every pod, before \`imagePullSecrets\`, e.g. \`[{name: regcred}]\`
  imagePullSecrets: []

## @section Naming

## @param nameOverride Replaces the chart name in resource names and the \`app.kubernetes.io/name\` label
nameOverride: ""
## @param fullnameOverride Replaces the full resource name (release name + chart name); truncated to 63 characters
fullnameOverride: ""

## @section Common metadata

## @param commonLabels Labels added to every object the chart renders (metadata.labels, and the pods' labels; never selectors). Not the chart's own labels, nor a key also set in \`podLabels\`, \`service.labels\` or \`metrics.*.labels\` (refused)
## e.g.
## commonLabels:
##   team: payments
##   cost-center: cc-1234
commonLabels: {}
## @param commonAnnotations Annotations added to every object the chart renders (metadata.annotations; not the pods'). Not a key the chart sets itself (\`helm.sh/hook*\`, \`checkov.io/skip1\`-\`skip4\`), nor one also set in the object's own annotations (refused)
commonAnnotations: {}

## @section Renderer

renderer:
  ## @param renderer.engine Which engine renders the objects: \`helm\` (the Go templates, no plugin needed) or \`wasm\` (only a RenderRequest is rendered; the \`aac\` post-renderer turns it into the objects)
  engine: helm

## @section Image

image:
  ## @param image.registry Registry of the image, e.g. \`registry.example.com\`; empty uses the repository as written (\`global.imageRegistry\` overrides it)
  registry: ""
  ## @param image.repository Container image repository
  repository: ai-agent-connector
  ## @param image.tag Image tag; defaults to the chart's appVersion. Quote it: a plain \`1.10\` is read as the number 1.1
  tag: ""
  ## @param image.digest Image digest (\`sha256:...\`); when set the image is pulled by digest
  digest: ""
  ## @param image.pullPolicy Image pull policy: \`Always\`, \`IfNotPresent\` or \`Never\` (\`Always\` re-checks a tag that may have moved)
  pullPolicy: Always

## @param imagePullSecrets Names of Secrets used to pull the images of every pod (after \`global.imagePullSecrets\`), e.g. \`[{name: regcred}]\`
imagePullSecrets: []

## @section Deployment

## @param replicaCount Number of pods when autoscaling is disabled
replicaCount: 1
## @param containerPort Port the application listens on inside the container; the chart passes it to the application as the \`PORT\` environment variable
containerPort: 5000
## @param terminationGracePeriodSeconds Seconds a pod gets to shut down gracefully
terminationGracePeriodSeconds: 30
## @param revisionHistoryLimit Old ReplicaSets kept for \`kubectl rollout undo\`
revisionHistoryLimit: 10
## @param minReadySeconds Seconds a new pod must be ready before it counts as available during a rollout
minReadySeconds: 0
## @param strategy Deployment strategy, as a Kubernetes \`DeploymentStrategy\`; \`{}\` uses Kubernetes' default (RollingUpdate, 25% surge, 25% unavailable)
## e.g. with required pod anti-affinity on as many nodes as replicas, a surge pod can never be scheduled:
## strategy:
##   type: RollingUpdate
##   rollingUpdate:
##     maxSurge: 0
##     maxUnavailable: 1
strategy: {}
## @param lifecycle Container lifecycle hooks, as a Kubernetes \`Lifecycle\`, e.g. a \`preStop\` sleep so the load balancer stops sending traffic before the pod exits
## e.g.
## lifecycle:
##   preStop:
##     sleep:
##       seconds: 5
lifecycle: {}
## @param command Entrypoint of the container (replaces the image's \`ENTRYPOINT\`); \`[]\` keeps the image's
command: []
## @param args Arguments of the container (replace the image's \`CMD\`); \`[]\` keeps the image's
args: []
## @param extraEnvFrom More sources of the container environment, as Kubernetes \`EnvFromSource\` items (after the chart's ConfigMap and Secret)
## e.g.
## extraEnvFrom:
##   - secretRef:
##       name: shared-api-keys
extraEnvFrom: []
## @param extraContainerPorts More ports of the application container, as Kubernetes \`ContainerPort\` items (after the chart's \`http\` port; name them, and do not reuse \`http\` or \`containerPort\`)
## e.g.
## extraContainerPorts:
##   - name: grpc
##     containerPort: 9090
##     protocol: TCP
extraContainerPorts: []
## @param sidecars More containers in the pods, as Kubernetes \`Container\` items (give them the same security context as the application's)
sidecars: []
## @param runtimeClassName RuntimeClass of the pods (e.g. \`gvisor\`); empty uses the cluster's default
runtimeClassName: ""
## @param hostAliases Extra \`/etc/hosts\` entries of the pods, as Kubernetes \`HostAlias\` items
hostAliases: []
## @param dnsConfig DNS settings of the pods, as a Kubernetes \`PodDNSConfig\` (e.g. \`options: [{name: ndots, value: "2"}]\`)
dnsConfig: {}
## @param priorityClassName Priority class of the pods (must exist in the cluster)
priorityClassName: ""
## @param podAnnotations Extra annotations on the pods (not the chart's own \`checksum/config\` and \`checksum/secret\`)
podAnnotations: {}
## @param podLabels Extra labels on the pods (not the chart's own \`app.kubernetes.io/*\` and \`helm.sh/chart\` labels, which select the pods)
podLabels: {}

## @param env Extra environment variables of the container, as Kubernetes \`EnvVar\` items (not \`PORT\`: the chart sets it from \`containerPort\`)
## e.g.
## env:
##   - name: WORKERS
##     value: "4"
##   - name: POD_IP
##     valueFrom:
##       fieldRef:
##         fieldPath: status.podIP
env: []

## @param initContainers Init containers, as Kubernetes \`Container\` items (e.g. wait for the database)
## e.g.
## initContainers:
##   - name: wait-for-db
##     image: busybox:1.36
##     command: ["sh", "-c", "until nc -z postgres 5432; do sleep 2; done"]
##     securityContext:            # what Pod Security "restricted" asks of every container
##       allowPrivilegeEscalation: false
##       capabilities:
##         drop: ["ALL"]
initContainers: []

## @param extraVolumes Extra pod volumes, as Kubernetes \`Volume\` items (ConfigMap, Secret, emptyDir, ...); an \`image\` volume needs Kubernetes 1.31 or later (refused for an older target, see the README's "Kubernetes versions")
extraVolumes: []
## @param extraVolumeMounts Extra container volume mounts, as Kubernetes \`VolumeMount\` items
extraVolumeMounts: []

## @extra resources Container resource requests and limits (a Kubernetes \`ResourceRequirements\`)
## @param resources.limits.cpu CPU limit
## @param resources.limits.memory Memory limit
## @param resources.requests.cpu CPU request (the HPA's CPU target is a percentage of it)
## @param resources.requests.memory Memory request (the HPA's memory target is a percentage of it)
resources:
  limits:
    cpu: 1000m
    memory: 1Gi
  requests:
    cpu: 250m
    memory: 256Mi

## @section Health checks
## All three probes call \`GET <path>\` on the container port.

healthCheck:
  livenessProbe:
    ## @param healthCheck.livenessProbe.enabled Restart the container when it stops answering
    enabled: true
    ## @param healthCheck.livenessProbe.path HTTP path of the liveness probe
    path: /api/health
    ## @param healthCheck.livenessProbe.initialDelaySeconds Seconds before the first liveness probe
    initialDelaySeconds: 30
    ## @param healthCheck.livenessProbe.periodSeconds Seconds between liveness probes
    periodSeconds: 10
    ## @param healthCheck.livenessProbe.timeoutSeconds Seconds before a liveness probe times out (must be less than periodSeconds)
    timeoutSeconds: 5
    ## @param healthCheck.livenessProbe.failureThreshold Failed probes in a row before the container is restarted
    failureThreshold: 3
    ## @param healthCheck.livenessProbe.successThreshold Successful probes in a row to count as healthy (must be 1)
    successThreshold: 1
  readinessProbe:
    ## @param healthCheck.readinessProbe.enabled Take the pod out of the Service while it is not ready
    enabled: true
    ## @param healthCheck.readinessProbe.path HTTP path of the readiness probe
    path: /api/health
    ## @param healthCheck.readinessProbe.initialDelaySeconds Seconds before the first readiness probe
    initialDelaySeconds: 10
    ## @param healthCheck.readinessProbe.periodSeconds Seconds between readiness probes
    periodSeconds: 5
    ## @param healthCheck.readinessProbe.timeoutSeconds Seconds before a readiness probe times out (must be less than periodSeconds)
    timeoutSeconds: 3
    ## @param healthCheck.readinessProbe.failureThreshold Failed probes in a row before the pod is marked unready
    failureThreshold: 3
    ## @param healthCheck.readinessProbe.successThreshold Successful probes in a row before the pod is marked ready
    successThreshold: 1
  startupProbe:
    ## @param healthCheck.startupProbe.enabled Hold the other probes until the application has started
    enabled: true
    ## @param healthCheck.startupProbe.path HTTP path of the startup probe
    path: /api/health
    ## @param healthCheck.startupProbe.initialDelaySeconds Seconds before the first startup probe
    initialDelaySeconds: 0
    ## @param healthCheck.startupProbe.periodSeconds Seconds between startup probes
    periodSeconds: 10
    ## @param healthCheck.startupProbe.timeoutSeconds Seconds before a startup probe times out (must be less than periodSeconds)
    timeoutSeconds: 3
    ## @param healthCheck.startupProbe.failureThreshold Failed probes before the container is restarted (30 x 10 s = 5 minutes to start)
    failureThreshold: 30
    ## @param healthCheck.startupProbe.successThreshold Successful probes to count as started (must be 1)
    successThreshold: 1

## @section Autoscaling

autoscaling:
  ## @param autoscaling.enabled Create a HorizontalPodAutoscaler (autoscaling/v2); \`replicaCount\` is then ignored and a PodDisruptionBudget is created
  enabled: true
  ## @param autoscaling.minReplicas Lowest number of pods
  minReplicas: 2
  ## @param autoscaling.maxReplicas Highest number of pods
  maxReplicas: 10
  ## @param autoscaling.targetCPUUtilizationPercentage Average CPU utilization target in percent of requests; \`null\` disables the CPU metric
  targetCPUUtilizationPercentage: 70
  ## @param autoscaling.targetMemoryUtilizationPercentage Average memory utilization target in percent of requests; \`null\` disables the memory metric
  targetMemoryUtilizationPercentage: 80
  ## @extra autoscaling.behavior Scaling behavior, as a Kubernetes \`HorizontalPodAutoscalerBehavior\`; \`null\` uses the cluster's defaults. A \`tolerance\` needs Kubernetes 1.33 or later (refused for an older target)
  ## @param autoscaling.behavior.scaleDown.stabilizationWindowSeconds Seconds of past recommendations considered before scaling down
  ## @param autoscaling.behavior.scaleDown.policies[0].type Scale-down policy type: \`Percent\` or \`Pods\`
  ## @param autoscaling.behavior.scaleDown.policies[0].value Scale-down step: at most this percentage (or number) of pods
  ## @param autoscaling.behavior.scaleDown.policies[0].periodSeconds Scale-down policy period in seconds
  ## @param autoscaling.behavior.scaleUp.stabilizationWindowSeconds Seconds of past recommendations considered before scaling up
  ## @param autoscaling.behavior.scaleUp.policies[0].type Scale-up policy type: \`Percent\` or \`Pods\`
  ## @param autoscaling.behavior.scaleUp.policies[0].value Scale-up step: at most this percentage (or number) of pods
  ## @param autoscaling.behavior.scaleUp.policies[0].periodSeconds Scale-up policy period in seconds
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      policies:
        - type: Percent
          value: 50
          periodSeconds: 60
    scaleUp:
      stabilizationWindowSeconds: 0
      policies:
        - type: Percent
          value: 100
          periodSeconds: 15

## @section Pod disruption budget

podDisruptionBudget:
  ## @param podDisruptionBudget.enabled Create a PodDisruptionBudget: \`null\` with autoscaling only, \`true\` always, \`false\` never
  enabled: null
  ## @param podDisruptionBudget.minAvailable Pods that must stay available (number or percentage); ignored when maxUnavailable is set
  minAvailable: 1
  ## @param podDisruptionBudget.maxUnavailable Pods that may be unavailable (number or percentage); when set it is used instead of minAvailable
  maxUnavailable: null
  ## @param podDisruptionBudget.unhealthyPodEvictionPolicy When pods that are not ready may be evicted: \`IfHealthyBudget\` or \`AlwaysAllow\` (Kubernetes 1.27+); \`null\` uses the cluster's default
  unhealthyPodEvictionPolicy: null

## @section Service

service:
  ## @param service.type Service type: \`ClusterIP\`, \`NodePort\` or \`LoadBalancer\`
  type: ClusterIP
  ## @param service.port Service port
  port: 5000
  ## @param service.nodePort Fixed node port (30000-32767) for \`NodePort\` and \`LoadBalancer\` services; \`null\` lets Kubernetes choose
  nodePort: null
  ## @param service.annotations Extra annotations on the Service
  annotations: {}
  ## @param service.labels Extra labels on the Service (not the chart's own labels)
  labels: {}
  ## @param service.externalTrafficPolicy \`Cluster\` or \`Local\` (keeps client source IPs) for \`NodePort\` and \`LoadBalancer\` services; empty uses Kubernetes' default
  externalTrafficPolicy: ""
  ## @param service.loadBalancerClass Load balancer implementation of a \`LoadBalancer\` service (e.g. \`service.k8s.aws/nlb\`); empty uses the cluster's default
  loadBalancerClass: ""
  ## @param service.loadBalancerSourceRanges Client CIDRs a \`LoadBalancer\` service admits, e.g. \`[10.0.0.0/8]\`; empty admits all
  loadBalancerSourceRanges: []

## @section Ingress

ingress:
  ## @param ingress.enabled Create an Ingress (networking.k8s.io/v1)
  enabled: false
  ## @param ingress.className IngressClass name of your controller, e.g. \`traefik\` or \`haproxy\`; empty uses the cluster's default class
  className: ""
  ## @param ingress.annotations Extra annotations on the Ingress, e.g. for cert-manager
  annotations: {}
  ## @param ingress.hosts[0].host Host name the Ingress answers for
  ## @param ingress.hosts[0].paths[0].path URL path routed to the Service
  ## @param ingress.hosts[0].paths[0].pathType Path matching: \`Prefix\`, \`Exact\` or \`ImplementationSpecific\`
  hosts:
    - host: ai-agent-connector.local
      paths:
        - path: /
          pathType: Prefix
  ## @param ingress.tls TLS settings: items \`{secretName, hosts}\`; every TLS host must be one of \`ingress.hosts\`
  ## e.g.
  ## tls:
  ##   - secretName: api-tls
  ##     hosts:
  ##       - api.example.com
  tls: []

## @section Gateway API

httpRoute:
  ## @param httpRoute.enabled Create a Gateway API HTTPRoute (gateway.networking.k8s.io/v1) to the Service, instead of or beside the Ingress
  enabled: false
  ## @param httpRoute.annotations Annotations on the HTTPRoute
  annotations: {}
  ## @extra httpRoute.parentRefs Gateways the route attaches to, as Gateway API \`ParentReference\` items (at least one)
  ## @param httpRoute.parentRefs[0].name Name of the Gateway
  ## @param httpRoute.parentRefs[0].sectionName Listener of the Gateway (empty: all of them)
  parentRefs:
    - name: gateway
      sectionName: http
  ## @param httpRoute.hostnames Host names the route answers for
  hostnames:
    - ai-agent-connector.local
  ## @extra httpRoute.rules Rules routing to the Service (at least one): items with \`matches\` (Gateway API \`HTTPRouteMatch\` items) and \`filters\` (\`HTTPRouteFilter\` items)
  ## @param httpRoute.rules[0].matches[0].path.type Path matching: \`PathPrefix\`, \`Exact\` or \`RegularExpression\`
  ## @param httpRoute.rules[0].matches[0].path.value URL path routed to the Service
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /

## @section Configuration and secrets

configmap:
  ## @param configmap.enabled Create a ConfigMap from \`configmap.data\` and load it into the container environment
  enabled: true
  ## @extra configmap.data Environment variables for the application (scalars; rendered as strings). \`PORT\` comes from \`containerPort\`; a \`PORT\` here must equal it
  ## @param configmap.data.FLASK_ENV Application environment
  ## @param configmap.data.LOG_LEVEL Log level: \`DEBUG\`, \`INFO\`, \`WARNING\` or \`ERROR\`
  data:
    FLASK_ENV: production
    LOG_LEVEL: INFO

secrets:
  ## @param secrets.create Create a Secret from \`secrets.data\` and load it into the container environment
  create: false
  ## @param secrets.existingSecret Name of an existing Secret (e.g. managed by External Secrets) to load into the container environment instead
  existingSecret: ""
  ## @param secrets.data Secret environment variables (plain text; the chart encodes them). Prefer \`existingSecret\` in production
  data: {}

## @section Security

## @param checkovSkipAnnotations Annotate the Deployment and the test pod with the checkov checks that cannot apply to these values, each with its reason (\`checkov.io/skipN\`); off by default, as they also silence those checks in your own scans
checkovSkipAnnotations: false

## @extra podSecurityContext Pod security context (a Kubernetes \`PodSecurityContext\`); \`seLinuxChangePolicy\` needs Kubernetes 1.32 or later (refused for an older target)
## @param podSecurityContext.runAsNonRoot Refuse to start containers as root
## @param podSecurityContext.runAsUser Fixed non-root UID of the pod's processes
## @param podSecurityContext.runAsGroup Fixed GID of the pod's processes
## @param podSecurityContext.fsGroup Group that owns mounted volumes
## @param podSecurityContext.seccompProfile.type Seccomp profile of the pod
podSecurityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile:
    type: RuntimeDefault

## @extra securityContext Container security context (a Kubernetes \`SecurityContext\`)
## @param securityContext.allowPrivilegeEscalation Allow a process to gain more privileges than its parent
## @param securityContext.capabilities.drop Linux capabilities dropped from the container
## @param securityContext.privileged Run the container privileged
## @param securityContext.readOnlyRootFilesystem Mount the root filesystem read-only (a writable emptyDir is then mounted on /tmp)
## @param securityContext.runAsNonRoot Refuse to start the container as root
## @param securityContext.runAsUser Fixed non-root UID of the container
## @param securityContext.runAsGroup Fixed GID of the container
securityContext:
  allowPrivilegeEscalation: false
  capabilities:
    drop:
      - ALL
  privileged: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001

serviceAccount:
  ## @param serviceAccount.create Create a ServiceAccount for the pods
  create: true
  ## @param serviceAccount.name ServiceAccount name; defaults to the full name when created, to \`default\` otherwise
  name: ""
  ## @param serviceAccount.annotations Annotations on the ServiceAccount (e.g. \`eks.amazonaws.com/role-arn\`)
  annotations: {}
  ## @param serviceAccount.automount Mount the ServiceAccount's API token into the pods (off unless the application calls the Kubernetes API)
  automount: false

## @section Network policy

networkPolicy:
  ## @param networkPolicy.enabled Create a NetworkPolicy for the pods
  enabled: false
  ingress:
    ## @param networkPolicy.ingress.namespaceIsolation Allow traffic to the container port only from pods in the release's namespace
    namespaceIsolation: true
    ## @param networkPolicy.ingress.extraRules More allowed ingress, as Kubernetes \`NetworkPolicyIngressRule\` items (e.g. from the ingress controller's namespace)
    extraRules: []
  egress:
    ## @param networkPolicy.egress.enabled Restrict egress too (otherwise all egress is allowed)
    enabled: false
    ## @param networkPolicy.egress.allowDNS Allow DNS (port 53, UDP and TCP) to kube-dns when egress is restricted
    allowDNS: true
    ## @param networkPolicy.egress.extraRules Allowed egress, as Kubernetes \`NetworkPolicyEgressRule\` items
    extraRules: []

## @section Metrics
## The application's Prometheus metrics, served on the container port.

metrics:
  ## @param metrics.enabled The application serves Prometheus metrics at \`metrics.path\` on the container port
  enabled: false
  ## @param metrics.path HTTP path of the metrics endpoint
  path: /metrics
  ## @param metrics.scrapeFromNamespace With \`networkPolicy.enabled\`: the namespace Prometheus runs in, allowed to reach the container port (e.g. \`monitoring\`); empty adds no rule
  scrapeFromNamespace: ""
  serviceMonitor:
    ## @param metrics.serviceMonitor.enabled Create a ServiceMonitor (monitoring.coreos.com/v1, needs the Prometheus Operator); needs \`metrics.enabled\`
    enabled: false
    ## @param metrics.serviceMonitor.interval How often Prometheus scrapes (e.g. \`30s\`, \`1m\`)
    interval: 30s
    ## @param metrics.serviceMonitor.scrapeTimeout How long one scrape may take (at most \`interval\`)
    scrapeTimeout: 10s
    ## @param metrics.serviceMonitor.labels Extra labels on the ServiceMonitor, e.g. \`release: kube-prometheus-stack\` for the operator's selector (not the chart's own labels)
    labels: {}
  podMonitor:
    ## @param metrics.podMonitor.enabled Create a PodMonitor (monitoring.coreos.com/v1) that scrapes the pods directly, without going through the Service; needs \`metrics.enabled\`, and not with \`metrics.serviceMonitor.enabled\` (each pod would be scraped twice)
    enabled: false
    ## @param metrics.podMonitor.interval How often Prometheus scrapes (e.g. \`30s\`, \`1m\`)
    interval: 30s
    ## @param metrics.podMonitor.scrapeTimeout How long one scrape may take (at most \`interval\`)
    scrapeTimeout: 10s
    ## @param metrics.podMonitor.labels Extra labels on the PodMonitor, e.g. \`release: kube-prometheus-stack\` for the operator's selector (not the chart's own labels)
    labels: {}
  prometheusRule:
    ## @param metrics.prometheusRule.enabled Create a PrometheusRule (monitoring.coreos.com/v1) with alerts for the release's pods; the default alerts read kube-state-metrics, not the application's metrics
    enabled: false
    ## @param metrics.prometheusRule.labels Extra labels on the PrometheusRule, e.g. \`release: kube-prometheus-stack\` for the operator's \`ruleSelector\` (not the chart's own labels)
    labels: {}
    ## @param metrics.prometheusRule.defaultRules Include the chart's default alerts (severity \`warning\`): a pod not ready for 10 minutes, a container restarting more than twice in 15 minutes, replicas unavailable for 15 minutes, and (with \`metrics.enabled\`) a metrics endpoint down for 5 minutes
    defaultRules: true
    ## @param metrics.prometheusRule.rules More rules of the group, as Prometheus Operator \`Rule\` items (\`alert\` or \`record\`, \`expr\`, \`for\`, \`labels\`, \`annotations\`), after the default ones. Prometheus' own \`{{ $labels.pod }}\` templates are written as is (values are not templated)
    ## e.g. a 5xx rate alert, for an application that exports \`http_requests_total\` with a \`status\` label:
    ## rules:
    ##   - alert: AIAgentConnectorHigh5xxRate
    ##     expr: sum(rate(http_requests_total{namespace="prod", status=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="prod"}[5m])) > 0.05
    ##     for: 10m
    ##     labels:
    ##       severity: critical
    ##     annotations:
    ##       summary: More than 5% of requests fail with a 5xx status
    rules: []

## @section Scheduling

## @param nodeSelector Node labels the pods must match
nodeSelector: {}
## @param tolerations Tolerations of the pods, as Kubernetes \`Toleration\` items
tolerations: []
## @param affinity Affinity of the pods, as a Kubernetes \`Affinity\` (e.g. pod anti-affinity across nodes)
affinity: {}
## @param topologySpreadConstraints Topology spread constraints, as Kubernetes \`TopologySpreadConstraint\` items; an empty \`labelSelector\` selects this release's pods
topologySpreadConstraints: []

## @section Helm test
## The test pod uses \`global.imageRegistry\`, the pull secrets, \`nodeSelector\` and \`tolerations\`
## of the chart's pods, and does not carry their selector labels: neither the Service nor
## the NetworkPolicy selects it.

tests:
  ## @param tests.enabled Render the \`helm test\` hook that calls the health endpoint through the Service
  enabled: true
  image:
    ## @param tests.image.repository Image of the test pod (needs \`wget\`)
    repository: busybox
    ## @param tests.image.tag Tag of the test pod's image
    tag: "1.36"
    ## @param tests.image.pullPolicy Pull policy of the test pod's image: \`Always\`, \`IfNotPresent\` or \`Never\`
    pullPolicy: Always
`;var He=`# Development values for ai-agent-connector: one small pod, no autoscaling, no
# ingress, verbose logs, throwaway secrets created by the chart.
#   helm install ai-agent-connector ./helm/ai-agent-connector \\
#     -f helm/ai-agent-connector/values-development.yaml
#   kubectl port-forward svc/ai-agent-connector 5000:5000

replicaCount: 1

image:
  tag: "1.0.0"
  pullPolicy: IfNotPresent

autoscaling:
  enabled: false

resources:
  limits:
    cpu: 500m
    memory: 512Mi
  requests:
    cpu: 100m
    memory: 256Mi

ingress:
  enabled: false

healthCheck:
  livenessProbe:
    initialDelaySeconds: 10
  readinessProbe:
    initialDelaySeconds: 5

configmap:
  data:
    FLASK_ENV: development
    LOG_LEVEL: DEBUG

# Development only: never put real keys in a values file.
secrets:
  create: true
  data:
    SECRET_KEY: dev-secret-key-change-me
    ENCRYPTION_KEY: dev-encryption-key-change-me

tests:
  enabled: true
`;var Ue=`# Production values for ai-agent-connector: layered over values.yaml.
#   helm install ai-agent-connector ./helm/ai-agent-connector \\
#     -f helm/ai-agent-connector/values-production.yaml --namespace production
# Before installing, create the Secret named in secrets.existingSecret (see README.md,
# "Secrets management"), point image.repository and the route's hostnames at your own,
# and name the Gateway of your cluster in httpRoute.parentRefs (TLS terminates on its
# listener). Without the Gateway API, use an Ingress instead (README.md, "Production
# deployment": ingress.* with your controller's class, and no httpRoute).

replicaCount: 3

image:
  repository: your-registry/ai-agent-connector
  tag: "1.0.0"
  pullPolicy: Always

autoscaling:
  enabled: true
  minReplicas: 3
  maxReplicas: 20
  targetCPUUtilizationPercentage: 70
  targetMemoryUtilizationPercentage: 80
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      policies:
        - type: Percent
          value: 50
          periodSeconds: 60
        - type: Pods
          value: 1
          periodSeconds: 60
      selectPolicy: Min
    scaleUp:
      stabilizationWindowSeconds: 0
      policies:
        - type: Percent
          value: 100
          periodSeconds: 15
        - type: Pods
          value: 2
          periodSeconds: 15
      selectPolicy: Max

podDisruptionBudget:
  minAvailable: 2

resources:
  limits:
    cpu: 4000m
    memory: 4Gi
  requests:
    cpu: 1000m
    memory: 1Gi

# Gateway API (gateway.networking.k8s.io/v1): the route attaches to the HTTPS
# listener of a shared Gateway, which holds the certificate (e.g. from cert-manager).
httpRoute:
  enabled: true
  parentRefs:
    - name: public-gateway
      namespace: gateway-system
      sectionName: https
  hostnames:
    - api.example.com
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /

configmap:
  data:
    FLASK_ENV: production
    LOG_LEVEL: WARNING

secrets:
  create: false
  existingSecret: ai-agent-connector-secret

networkPolicy:
  enabled: true
  ingress:
    namespaceIsolation: true
    extraRules:
      - from:
          - namespaceSelector:
              matchLabels:
                kubernetes.io/metadata.name: gateway-system
        ports:
          - port: 5000
            protocol: TCP

# One pod per node (required anti-affinity). With as many nodes as replicas a surge
# pod could never be scheduled, so rollouts replace one pod at a time instead.
strategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 0
    maxUnavailable: 1

affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector:
          matchExpressions:
            - key: app.kubernetes.io/name
              operator: In
              values:
                - ai-agent-connector
        topologyKey: kubernetes.io/hostname

topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway

terminationGracePeriodSeconds: 60
`;var _={defaults:he,development:He,production:Ue},vt={values:he,preset:"defaults",release:"ai-agent-connector",namespace:"default"},w={firstRenderMs:null,wasmReadyMs:null,editorMs:null,keystrokeMs:[],renders:0,lastOk:null,opens:[],wasmMemoryBytes:0,workerStarts:0};window.__aac=w;var c=e=>document.getElementById(e),H=null,we=!1,L=null,T=null,C=new Map,ke=1,K=null,fe=new Map,Z=0,je=1e4,F=new Map;function qe(){H=window.aacWorker||window.aacStartWorker(),we=!1,w.workerStarts++;let e=window.aacEarly||[];window.aacWorker=null,window.aacEarly=null,H.onmessage=t=>Be(t.data),H.onerror=t=>Pe(`the renderer failed to start: ${t.message||"unknown error"}`),queueMicrotask(()=>e.forEach(Be))}qe();function te(e){we&&!F.has(e)&&F.set(e,setTimeout(()=>Ve(e,`took more than ${je/1e3} s and was stopped`),je))}function ze(e){clearTimeout(F.get(e)),F.delete(e)}function ae(e){L=e,H.postMessage(e),te(e.id)}function Se(e,t){H.postMessage({...t,id:e}),te(e)}function Ve(e,t){H.terminate(),[...F.keys()].forEach(ze),qe();for(let[n,l]of C)n!==e&&Se(n,l.file?{type:"open",file:l.file}:{type:"check",name:l.name,size:l.size});let a=`the renderer ${t} (a bug in aac-core, please report it); a fresh renderer took over and your values are kept`;if(C.has(e)){let n=C.get(e);C.delete(e),Xe(`${n.name} was not opened: the editor is unchanged.`,[{kind:"internal",severity:"error",path:"",message:a}])}let o=L;if(L=null,o&&o.id!==e){ae(o);return}if(T){let n=T;T=null,ae(n)}o&&(Qe({ok:!1,crashed:!0,errors:[{kind:"internal",severity:"error",path:"",message:`on these values, ${a}`}]}),w.lastOk=!1,w.renders++)}function Je(){let e={type:"render",id:ke++,values:y.values,release:y.release,namespace:y.namespace||"default"};K!=null&&(fe.set(e.id,K),K=null),L?T=e:ae(e)}function Be(e){if(e.type==="ready"){w.wasmReadyMs==null&&(w.wasmReadyMs=e.at-performance.timeOrigin),we=!0,L&&te(L.id);for(let n of C.keys())te(n);let o=e.chart;Z=o.valuesLimitBytes,c("chart-info").textContent=`chart ${o.name} ${o.version} \xB7 app ${o.appVersion} \xB7 rendered in your browser by aac-core (WebAssembly)`;return}if(e.type==="failed"){Pe(`the renderer failed to load: ${e.message}`);return}if(ze(e.id),e.type==="crashed"){Ve(e.id,`crashed (${e.message})`);return}if(w.wasmMemoryBytes=e.memoryBytes,e.type==="opened"){Pt(e);return}if(L=null,T){let o=T;T=null,ae(o)}let t=JSON.parse(e.json);t.ms=e.ms,Qe(t);let a=fe.get(e.id);a!=null&&(fe.delete(e.id),w.keystrokeMs.push(performance.now()-a),w.keystrokeMs.length>1e3&&w.keystrokeMs.shift()),w.firstRenderMs==null&&(w.firstRenderMs=performance.now(),performance.mark("aac-first-render"),xe()),w.lastOk=!!t.ok,w.renders++}function Pe(e){c("status").textContent=e,c("chart-info").textContent="the renderer is not available",ve([{kind:"internal",severity:"error",path:"",message:e}])}var xe,wt=new Promise(e=>{xe=e}).then(()=>import("./editor-TJLFDQTN.js"));setTimeout(()=>xe(),400);var{state:y,source:kt}=await _e(vt);Je();var A=null,v={type:"object",kind:"Deployment",name:null},N=null,R=null,oe=null,ie="",z=document.createElement("pre");z.className="plain";z.textContent=y.values;c("editor").append(z);var le=document.createElement("pre");le.className="plain";c("viewer").append(le);w.state=()=>({...y});w.idle=()=>!L&&!T;w.shown=()=>ie;var G=null;wt.then(e=>{N=e,z.remove(),R=N.createValuesEditor(c("editor"),y.values,t=>{y.values=t,ce()},{onPaste:St,onDropFiles:Re}),R.contentDOM.addEventListener("keydown",t=>{G=t.timeStamp},!0),le.remove(),oe=N.createViewer(c("viewer")),N.setViewerText(oe,ie,!0),ye=null,be(et),w.editorMs=performance.now(),document.body.classList.add("editor-ready")},e=>Pe(`the editor failed to load: ${e.message||e}`));var ne=null;function ce(){if(K==null){let e=performance.now();K=G!=null&&e-G<200?G:e}G=null,Je(),Ce(),clearTimeout(se),se=setTimeout(Ee,150),clearTimeout(ne),ne=setTimeout(Ae,400)}var se=null;function Ee(){clearTimeout(se),Y(y,location.hash)}addEventListener("pagehide",Ee);addEventListener("visibilitychange",()=>{document.visibilityState==="hidden"&&Ee()});async function Ae(){let e=await Ie(y);return e!==location.hash&&history.replaceState(null,"",e),clearTimeout(se),Y(y,e),e}var I=[...document.querySelectorAll("[data-preset]")];function Ce(){for(let t of I){let a=t.dataset.preset===y.preset;Ne(t,"aria-checked",String(a));let o=a||!_[y.preset]&&t===I[0]?0:-1;t.tabIndex!==o&&(t.tabIndex=o)}let e=!(_[y.preset]&&_[y.preset]!==y.values);c("edited").hidden!==e&&(c("edited").hidden=e)}function Ye(e,t){y.preset=t,R?N.replaceText(R,e):(y.values=e,z.textContent=e,ce()),Ce()}function Ge(e){if(y.preset===e&&y.values===_[e])return;let t=_[y.preset]!==y.values;Ye(_[e],e),t&&U("Preset loaded. Undo (Ctrl+Z) in the editor brings back your edits.")}I.forEach((e,t)=>{e.addEventListener("click",()=>Ge(e.dataset.preset)),e.addEventListener("keydown",a=>{let o=a.key==="ArrowRight"||a.key==="ArrowDown"?1:a.key==="ArrowLeft"||a.key==="ArrowUp"?-1:0;if(!o)return;a.preventDefault();let n=I[(t+o+I.length)%I.length];n.focus(),Ge(n.dataset.preset)})});var W=c("release"),re=c("namespace");W.value=y.release;re.value=y.namespace;re.placeholder="default";W.addEventListener("input",()=>{y.release=W.value,ce()});re.addEventListener("input",()=>{y.namespace=re.value,ce()});Ce();function Re(e){if(!e||e.length===0)return;let t=e[0],a=ke++;C.set(a,{name:t.name,file:t,t0:performance.now()}),Se(a,{type:"open",file:t}),e.length>1&&U(`Opening ${t.name} (one values file at a time)`)}function St(e){if(!Z||e.length*3<=Z)return!1;let t=new Blob([e]).size;if(t<=Z)return!1;let a=ke++;return C.set(a,{name:"the pasted text",size:t,t0:performance.now()}),Se(a,{type:"check",name:"the pasted text",size:t}),!0}function Pt(e){let t=C.get(e.id);if(!t)return;C.delete(e.id);let a=JSON.parse(e.json);if(w.opens.push({name:t.name,ok:!!a.ok,ms:performance.now()-t.t0}),!a.ok){let o=t.file?`${t.name} was not opened`:"The text was not pasted";Xe(`${o}: the editor is unchanged.`,a.errors);return}t.file&&(Ze(),Ye(a.text,"custom"),U(`Opened ${t.name}. Undo (Ctrl+Z) in the editor brings back the values before it.`))}function Xe(e,t){q(c("notice-text"),e),c("notice-list").replaceChildren(...t.map(a=>{let o=document.createElement("li");return o.textContent=a.location?`${a.location}: ${a.message}`:a.message,o})),c("notice").hidden=!1}function Ze(){c("notice").hidden=!0}c("notice-close").addEventListener("click",Ze);var Q=c("file-input");c("open-file").addEventListener("click",()=>Q.click());Q.addEventListener("change",()=>{Re(Q.files),Q.value=""});c("editor").addEventListener("dragover",e=>{e.dataTransfer&&[...e.dataTransfer.types].includes("Files")&&e.preventDefault()});c("editor").addEventListener("drop",e=>{R||!e.dataTransfer||e.dataTransfer.files.length===0||(e.preventDefault(),Re(e.dataTransfer.files))});var ge=e=>`${e.kind}/${e.name}`;function Qe(e){let t=document.querySelector(".output");if(e.ok){A=e,t.classList.contains("stale")&&t.classList.remove("stale");let n=e.documents.length;q(c("status"),`${n} object${n===1?"":"s"} \xB7 rendered in ${e.ms.toFixed(1)} ms`),ve(e.warnings),be(e.warnings),tt()}else{t.classList.toggle("stale",!!A);let n=e.errors.filter(l=>l.severity==="error").length;c("status").textContent=A?`${n} error${n===1?"":"s"}: showing the last valid output (stale)`:`${n} error${n===1?"":"s"}: nothing rendered yet`,ve(e.errors),be(e.errors)}let a=(e.ok?[]:e.errors).filter(n=>n.kind==="release");Ne(W,"aria-invalid",String(a.length>0)),q(c("release-error"),a.length?"not a valid release name (see problems)":"");let o=c("download");o.disabled!==!e.ok&&(o.disabled=!e.ok,o.title=e.ok?"Download every manifest as one YAML file":"Fix the errors first: the download is what the current values render"),c("copy").disabled!==!A&&(c("copy").disabled=!A)}function q(e,t){e.textContent!==t&&(e.textContent=t)}function Ne(e,t,a){e.getAttribute(t)!==a&&e.setAttribute(t,a)}var Ke=null,ye="[]",et=[];function be(e){let t=e.filter(o=>o.line);if(et=t,!R)return;let a=JSON.stringify(t.map(o=>[o.line,o.column,o.severity,o.path,o.message]));a!==ye&&(ye=a,N.markProblems(R,t))}function ve(e){let t=JSON.stringify(e);if(t===Ke)return;Ke=t;let a=c("problems"),o=c("problem-list"),n=e.filter(u=>u.severity==="error").length,l=e.length-n;a.classList.toggle("has-errors",n>0),a.classList.toggle("has-warnings",n===0&&l>0);let p=[];n&&p.push(`${n} error${n===1?"":"s"}`),l&&p.push(`${l} warning${l===1?"":"s"}`),c("problems-title").textContent=p.length?p.join(", "):"No problems",o.replaceChildren(...e.map(u=>{let k=document.createElement("li"),r=document.createElement("button");r.type="button",r.className=`problem ${u.severity}`,r.dataset.path=u.path,u.line&&(r.dataset.line=String(u.line));let b=document.createElement("span");b.className="path",b.textContent=u.path||(u.kind==="release"?"release name":u.kind==="yaml"?"YAML":u.kind);let s=document.createElement("span");s.className="where",s.textContent=u.line?`line ${u.line}${u.column?`:${u.column}`:""}`:u.location||"";let m=document.createElement("span");return m.className="message",m.textContent=`${u.severity==="warning"?"warning: ":""}${u.message}`,r.append(b,s,m),u.line?(r.title="Show this line in the editor",r.addEventListener("click",()=>R&&N.goToLine(R,u.line,u.column))):u.kind==="release"&&r.addEventListener("click",()=>W.focus()),k.append(r),k}))}function tt(){let e=A;if(!e)return;if(v.type==="object"&&!e.documents.some(a=>a.kind===v.kind&&(v.name==null||a.name===v.name))&&(v={type:"object",kind:"Deployment",name:null}),v.type==="object"&&v.name==null){let a=e.documents.find(o=>o.kind===v.kind)||e.documents[0];v=a?{type:"object",kind:a.kind,name:a.name}:{type:"all"}}xt(e),ot(!1);let t=v.type==="object"?`${v.kind}/${v.name}`:"";Me(c("diagram"),e.documents,t,(a,o)=>at({type:"object",kind:a,name:o},!0))}function at(e,t){if(v=e,tt(),ot(!0),t){let a=document.querySelector('#object-list [aria-current="true"]');a&&!c("diagram").contains(document.activeElement)&&a.focus()}}function X(e,t,a){let o=document.createElement("button");o.type="button";let n=document.createElement("span");n.className="kind",n.textContent=t;let l=document.createElement("span");return l.className="name",l.textContent=a,o.append(n,l),o.dataset.key=e.type==="object"?`${e.kind}/${e.name}`:e.type,o.addEventListener("click",()=>at(e,!1)),o}function xt(e){let t=c("object-list"),a=e.documents.filter(p=>!p.hook),o=e.documents.filter(p=>p.hook),n=[e.documents.length,...a.map(ge),"|",...o.map(ge)].join(`
`);if(t.dataset.signature!==n){let p=[],u=r=>{let b=document.createElement("li");b.append(r),p.push(b)};u(X({type:"all"},"ALL",`${e.documents.length} manifests`));for(let r of a)u(X({type:"object",kind:r.kind,name:r.name},r.kind,r.name));if(o.length){let r=document.createElement("li");r.className="group",r.textContent="Hooks",r.setAttribute("aria-hidden","true"),p.push(r);for(let b of o)u(X({type:"object",kind:b.kind,name:b.name},`${b.kind} (hook)`,b.name))}u(X({type:"notes"},"NOTES.txt","printed after install"));let k=t.contains(document.activeElement)?document.activeElement.dataset.key:null;t.dataset.signature=n,t.replaceChildren(...p),k&&t.querySelector(`[data-key="${CSS.escape(k)}"]`)?.focus()}let l=v.type==="object"?`${v.kind}/${v.name}`:v.type;for(let p of t.querySelectorAll("button"))Ne(p,"aria-current",String(p.dataset.key===l))}var Fe=null;function ot(e){let t=A;if(!t)return;let a,o;if(v.type==="all")a=`All manifests (${t.documents.length}), as helm template prints them`,o=t.stream;else if(v.type==="notes")a="NOTES.txt",o=t.notes;else{let l=t.documents.find(p=>p.kind===v.kind&&p.name===v.name);if(!l)return;a=`${l.kind} ${l.name}  (templates/${l.template})`,o=l.yaml}let n=v.type==="object"?ge(v):v.type;q(c("viewer-title"),a),ie=o,oe?N.setViewerText(oe,o,e||n!==Fe):q(le,o),Fe=n}c("object-list").addEventListener("keydown",e=>{if(e.key!=="ArrowDown"&&e.key!=="ArrowUp")return;let t=[...c("object-list").querySelectorAll("button")],a=t.indexOf(document.activeElement);if(a<0)return;e.preventDefault();let o=t[Math.min(t.length-1,Math.max(0,a+(e.key==="ArrowDown"?1:-1)))];o.focus(),o.click()});var We=null;function U(e){let t=c("toast");t.textContent=e,t.classList.add("show"),clearTimeout(We),We=setTimeout(()=>t.classList.remove("show"),2600)}async function Le(e){try{return await navigator.clipboard.writeText(e),!0}catch{let t=document.createElement("textarea");t.value=e,t.setAttribute("readonly",""),t.style.position="fixed",t.style.opacity="0",document.body.append(t),t.select();let a=document.execCommand("copy");return t.remove(),a}}c("copy").addEventListener("click",async()=>{let e=await Le(ie);U(e?`Copied ${c("viewer-title").textContent.split("  ")[0]}`:"Copying failed: select the text and copy it")});c("download").addEventListener("click",()=>{if(!A)return;let e=new Blob([A.stream],{type:"application/yaml"}),t=document.createElement("a");t.href=URL.createObjectURL(e),t.download=`${y.release||"manifests"}.yaml`,document.body.append(t),t.click(),t.remove(),setTimeout(()=>URL.revokeObjectURL(t.href),1e4)});var Et=2*1024*1024;c("share").addEventListener("click",async()=>{clearTimeout(ne),await Ae();let e=location.href,t=c("share-url");t.value=e,c("share-dialog").showModal(),t.select();let a=e.length>Et,o=!a&&await Le(e),n="The link holds the values, the release name and the namespace.";c("share-note").textContent=a?`This link is ${(e.length/1048576).toFixed(1)} MiB: too long for a browser to open (the limit is 2 MiB). Share the values file instead.`:o?`Copied to the clipboard. ${n}`:n});c("share-copy").addEventListener("click",async()=>{let e=await Le(c("share-url").value);U(e?"Link copied":"Copying failed: select the link and copy it")});var ee=["auto","light","dark"],nt="aac-playground/theme";function st(e){e==="auto"?delete document.documentElement.dataset.theme:document.documentElement.dataset.theme=e;let t=c("theme");t.textContent={auto:"Auto",light:"Light",dark:"Dark"}[e],t.setAttribute("aria-label",`Colour scheme: ${e==="auto"?"follow the system":e}`)}var M=localStorage.getItem(nt)||"auto";ee.includes(M)||(M="auto");st(M);c("theme").addEventListener("click",()=>{M=ee[(ee.indexOf(M)+1)%ee.length];try{localStorage.setItem(nt,M)}catch{}st(M)});kt==="link"?(U("Loaded the values from the link"),Y(y,location.hash)):ne=setTimeout(Ae,400);
