// The acceptance suite prepares the Jenkins it is pointed at (a throwaway one): users with passwords,
// who may do what, the plugin's global configuration, the signing key, and an inbound agent.
import groovy.json.JsonSlurper
import hudson.model.*
import hudson.security.*
import hudson.slaves.*
import jenkins.model.Jenkins
import io.jenkins.plugins.relgov.plugin.*
import com.cloudbees.plugins.credentials.*
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl

def cfg = new JsonSlurper().parseText(new String(Base64.decoder.decode('@CONFIG@'), 'UTF-8'))
def j = Jenkins.get()

def realm = j.securityRealm
if (!(realm instanceof HudsonPrivateSecurityRealm)) {
  if (realm != SecurityRealm.NO_AUTHENTICATION) {
    println "UNSUPPORTED security realm ${realm.class.name}: the suite needs Jenkins' own user database"
    return
  }
  realm = new HudsonPrivateSecurityRealm(false)
  j.securityRealm = realm
}
cfg.users.each { id, password ->
  def u = User.getById(id, false)
  if (u == null) {
    realm.createAccount(id, password)
  } else {
    u.addProperty(HudsonPrivateSecurityRealm.Details.fromPlainPassword(password))
  }
}

def loader = j.pluginManager.uberClassLoader
try {
  def Strategy = loader.loadClass('hudson.security.GlobalMatrixAuthorizationStrategy')
  def Entry = loader.loadClass('org.jenkinsci.plugins.matrixauth.PermissionEntry')
  def s = Strategy.getDeclaredConstructor().newInstance()
  s.add(Jenkins.ADMINISTER, Entry.user(cfg.admin))
  def replay = loader.loadClass('org.jenkinsci.plugins.workflow.cps.replay.ReplayAction').REPLAY
  [Jenkins.READ, Item.READ, Item.DISCOVER, Item.BUILD, Item.CANCEL, Item.WORKSPACE, Item.CONFIGURE, Item.CREATE,
   Run.ARTIFACTS, replay].each { s.add(it, Entry.group('authenticated')) }
  j.authorizationStrategy = s
} catch (ClassNotFoundException e) {
  def s = new FullControlOnceLoggedInAuthorizationStrategy()
  s.allowAnonymousRead = false
  j.authorizationStrategy = s
}

def c = GovernanceConfiguration.get()
c.policies = c.policies.findAll { it.name != 'e2e' } + [new NamedPolicy('e2e', cfg.policy)]
def mappings = c.roleMappings.findAll { !cfg.roles.containsKey(it.role) }
cfg.roles.each { role, users -> def m = new RoleMapping(role); m.users = users; mappings << m }
c.roleMappings = mappings

def store = SystemCredentialsProvider.instance
store.credentials.removeIf { it.id == cfg.keyId }
store.credentials.add(new FileCredentialsImpl(CredentialsScope.GLOBAL, cfg.keyId, 'acceptance suite signing key', 'key.pem',
    SecretBytes.fromRawBytes(cfg.keyPem.getBytes('US-ASCII'))))
store.save()

if (j.slaveAgentPort < 0) {
  j.slaveAgentPort = 0 // inbound agents: a random port
}
if (j.getNode(cfg.agent) == null) {
  def agent = new DumbSlave(cfg.agent, cfg.agentDir, new JNLPLauncher())
  agent.labelString = cfg.agent
  agent.numExecutors = 4
  j.addNode(agent)
}
j.save()
println "SECRET " + j.getComputer(cfg.agent).jnlpMac
