/**
 * What the emulated device says about itself in a BMP Initiation (reference
 * §2.14, captured from a real NE40E running VRP 8.210): sysDescr is the version
 * banner on one line, sysName the configured `sysname`.
 */
export const VRP_SYS_DESCR =
  'Huawei Versatile Routing Platform Software VRP (R) software, Version 8.210 (NE40E V800R021C00SPC090T) ' +
  'Copyright (C) 2012-2021 Huawei Technologies Co., Ltd. HUAWEI NE40E-M2K-B';
