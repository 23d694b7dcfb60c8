namespace FlowForge.Config;
