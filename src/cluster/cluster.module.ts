import { Global, Module } from '@nestjs/common';
import { ClusterEvents } from './cluster-events.service.js';

/** The cross-instance change channel (PostgreSQL LISTEN/NOTIFY); global, like the job queue. */
@Global()
@Module({ providers: [ClusterEvents], exports: [ClusterEvents] })
export class ClusterModule {}
