import './station.css';
import { useState } from 'react';
import { useLabState } from '../../app/lab-context.js';
import { selectStationMessages, selectStationRouterOrder, selectStationRouters } from '../../store/index.js';
import { RoutersPanel } from './RoutersPanel.js';
import { StationInspector } from './StationInspector.js';

/** The embedded monitoring station: what it received (inspector) and who reports to it. */
export function StationPanel() {
  const [tab, setTab] = useState<'messages' | 'routers'>('messages');
  const log = useLabState(selectStationMessages);
  const routers = useLabState(selectStationRouters);
  const order = useLabState(selectStationRouterOrder);
  const open = order.filter((id) => routers[id]?.closedAt === null).length;
  return (
    <section className="panel station" aria-label="Monitoring station">
      <header className="panel-header tabs-header" role="tablist">
        <h2>Station</h2>
        <button type="button" role="tab" aria-selected={tab === 'messages'} className={`panel-tab${tab === 'messages' ? ' active' : ''}`} onClick={() => setTab('messages')}>
          Messages <span className="panel-count">{(log.items.length).toLocaleString('en')}</span>
        </button>
        <button type="button" role="tab" aria-selected={tab === 'routers'} className={`panel-tab${tab === 'routers' ? ' active' : ''}`} onClick={() => setTab('routers')} data-tab="routers">
          Routers reporting <span className="panel-count">{open}</span>
        </button>
      </header>
      {/* Both stay mounted: the inspector keeps its scroll, filters and pause. */}
      <div className="station-tab" hidden={tab !== 'messages'}>
        <StationInspector />
      </div>
      <div className="station-tab panel-body" hidden={tab !== 'routers'}>
        <RoutersPanel />
      </div>
    </section>
  );
}
