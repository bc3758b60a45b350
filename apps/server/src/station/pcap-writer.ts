// The pcap writer lives with the station's capture in @bmp-lab/collector;
// this name stays for the HTTP routes that import it from here.
export { writePcap, type PcapStream } from '@bmp-lab/collector';
