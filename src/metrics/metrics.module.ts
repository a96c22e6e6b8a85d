import { Global, Module } from '@nestjs/common';
import { AppendTimer } from '../event-store/append-timer';
import { HttpMetrics } from './http-metrics';
import { MetricsServer } from './metrics-server';
import { SchedulerMetrics } from './scheduler-metrics';
import { ServiceMetrics } from './service-metrics';

/** Prometheus metrics: recorded where things happen, served on their own port (metrics-server.ts). */
@Global()
@Module({
  providers: [
    ServiceMetrics,
    { provide: AppendTimer, useExisting: ServiceMetrics },
    HttpMetrics,
    SchedulerMetrics,
    MetricsServer,
  ],
  exports: [ServiceMetrics, AppendTimer],
})
export class MetricsModule {}
